import type { OpeningHours, Weekday } from '../catalog/store-settings.js';

/** A weekday and time of day on a store's wall clock. */
export interface LocalTime {
  weekday: Weekday;
  /** "HH:MM", comparable as a string with opening hours. */
  time: string;
}

const ENGLISH_WEEKDAY: Record<string, Weekday> = {
  Mon: 'monday',
  Tue: 'tuesday',
  Wed: 'wednesday',
  Thu: 'thursday',
  Fri: 'friday',
  Sat: 'saturday',
  Sun: 'sunday',
};

// One formatter per zone: building an Intl.DateTimeFormat costs far more than formatting with it (300 stores per answer).
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** What the store's wall clock shows at `at` in its IANA `timeZone` (daylight saving included). */
export function localTimeAt(at: Date, timeZone: string): LocalTime {
  const parts = formatterFor(timeZone).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ENGLISH_WEEKDAY[part('weekday')];
  if (!weekday) throw new Error(`unexpected weekday "${part('weekday')}" formatting ${at.toISOString()} in ${timeZone}`);
  return { weekday, time: `${part('hour').padStart(2, '0')}:${part('minute').padStart(2, '0')}` };
}

/** The store's opening intervals on the weekday it is at `at` where the store is (empty: closed all day). */
export function hoursOnDay(hours: OpeningHours, timeZone: string, at: Date): OpeningHours[Weekday] {
  return hours[localTimeAt(at, timeZone).weekday];
}

/**
 * Whether the store is open at `at`: its local time falls in one of that day's intervals, opening minute included,
 * closing minute excluded ("24:00" closes at midnight). Hours past midnight are split over two days by the schema,
 * so one day's intervals are enough.
 */
export function isOpenAt(hours: OpeningHours, timeZone: string, at: Date): boolean {
  return isOpenAtLocal(hours, localTimeAt(at, timeZone));
}

/** `isOpenAt` for a local time already worked out (many stores of one zone: one Intl call, not one per store). */
export function isOpenAtLocal(hours: OpeningHours, { weekday, time }: LocalTime): boolean {
  return hours[weekday].some((i) => i.opens <= time && time < i.closes);
}
