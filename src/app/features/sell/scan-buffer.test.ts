import { describe, expect, it } from 'vitest';
import { DEFAULT_SCAN_GAP_MS, ScanBuffer, type ScanStep } from './scan-buffer.js';

const EAN = '7890000000011';

/** Feeds keys `gap` ms apart from `start`; returns every step and the time of the last key. */
const feed = (buffer: ScanBuffer, keys: string[], start: number, gap: number | ((i: number) => number)) => {
  let t = start;
  const steps: ScanStep[] = [];
  keys.forEach((k, i) => {
    steps.push(buffer.key(k, t));
    t += typeof gap === 'number' ? gap : gap(i);
  });
  return { steps, last: steps[steps.length - 1]!, end: t };
};
const scanOf = (buffer: ScanBuffer, keys: string[], start: number, gap: number | ((i: number) => number)) => feed(buffer, keys, start, gap).last.scan;
const rejectionsOf = (steps: ScanStep[]) => steps.flatMap((s) => (s.rejected ? [s.rejected] : []));

describe('ScanBuffer', () => {
  it('recognises fast digits ending in Enter as a scan', () => {
    const b = new ScanBuffer();
    expect(scanOf(b, [...EAN, 'Enter'], 1000, 8)).toBe(EAN);
  });

  it('ignores a person typing slowly, and reports nothing for it', () => {
    const b = new ScanBuffer();
    const { steps } = feed(b, [...EAN, 'Enter'], 1000, 120);
    expect(steps.every((s) => s.scan === null && s.rejected === null)).toBe(true);
  });

  describe.each([
    // [the device's max gap, the scanner's real gap between keys]
    [20, 5], // a wired USB scanner
    [DEFAULT_SCAN_GAP_MS, 35], // a quick Bluetooth scanner on the default
    [120, 100], // a slow Bluetooth scanner with the gap raised for it
    [300, 250], // the slowest the setting allows
  ])('with a max gap of %i ms, a scanner typing every %i ms', (maxGapMs, scannerGap) => {
    it('is recognised, with jitter up to the max gap', () => {
      const b = new ScanBuffer({ maxGapMs });
      const jitter = (i: number) => (i % 2 === 0 ? scannerGap : Math.min(maxGapMs, scannerGap + 15));
      expect(scanOf(b, [...EAN, 'Enter'], 5000, jitter)).toBe(EAN);
    });

    it('one key a millisecond past the gap makes the scan uneven, never the scan of its tail', () => {
      const b = new ScanBuffer({ maxGapMs });
      const { steps } = feed(b, [...EAN, 'Enter'], 5000, (i) => (i === 7 ? maxGapMs + 1 : scannerGap));
      expect(steps.map((s) => s.scan).filter(Boolean)).toEqual([]);
      expect(rejectionsOf(steps)).toEqual([{ reason: 'uneven', chars: EAN }]);
    });

    it('a burst whose Enter never comes is reported once, when the device goes idle', () => {
      const b = new ScanBuffer({ maxGapMs });
      const { steps, end } = feed(b, [...EAN], 5000, scannerGap);
      expect(rejectionsOf(steps)).toEqual([]);
      expect(b.idle(end - scannerGap + b.slackGapMs).rejected).toBeNull(); // not yet over
      expect(b.idle(end + b.slackGapMs).rejected).toEqual({ reason: 'no-enter', chars: EAN });
      expect(b.idle(end + 10 * b.slackGapMs).rejected).toBeNull();
    });
  });

  it('a scanner slower than the device gap ends as a slow candidate, never silently: a scan once the gap is raised', () => {
    const slowScanner = [...EAN, 'Enter'];
    const onDefault = feed(new ScanBuffer(), slowScanner, 0, 90);
    expect(onDefault.steps.some((s) => s.scan || s.rejected)).toBe(false);
    expect(onDefault.last.slow).toBe(EAN);
    expect(scanOf(new ScanBuffer({ maxGapMs: 120 }), slowScanner, 0, 90)).toBe(EAN);
    // Slower than any setting allows, or too few keys for a code: a person typing, no candidate.
    expect(feed(new ScanBuffer(), slowScanner, 0, 400).last.slow).toBeUndefined();
    expect(feed(new ScanBuffer(), [...'12345', 'Enter'], 0, 150).last.slow).toBeUndefined();
  });

  it('the slack before Enter grows with the gap, so a slow scanner is not refused for its own pace', () => {
    expect(new ScanBuffer({ maxGapMs: 200 }).slackGapMs).toBe(400);
    expect(new ScanBuffer({ maxGapMs: 20 }).slackGapMs).toBe(120);
  });

  it('a Bluetooth scanner that sometimes lags past the default gap is reported as not recognised, not dropped', () => {
    const b = new ScanBuffer();
    const { steps } = feed(b, [...EAN, 'Enter'], 0, (i) => (i % 4 === 3 ? 90 : 30));
    expect(steps.some((s) => s.scan)).toBe(false);
    expect(rejectionsOf(steps)).toEqual([{ reason: 'uneven', chars: EAN }]);
  });

  it('a burst that ends and a new one that starts reports the first and scans the second', () => {
    const b = new ScanBuffer();
    const first = feed(b, [...'12345678'], 0, 5);
    const second = feed(b, [...EAN, 'Enter'], first.end + 1000, 5);
    expect(rejectionsOf(second.steps)).toEqual([{ reason: 'no-enter', chars: '12345678' }]);
    expect(second.last.scan).toBe(EAN);
  });

  it('a burst broken by another key is reported as interrupted', () => {
    const b = new ScanBuffer();
    const { steps } = feed(b, [...'78900', 'Tab', ...'00011', 'Enter'], 0, 5);
    expect(rejectionsOf(steps)[0]).toEqual({ reason: 'interrupted', chars: '78900' });
    expect(steps.some((s) => s.scan)).toBe(false);
  });

  it('a scanner-like burst too short for a code is reported; a short one a person might type is not', () => {
    const b = new ScanBuffer();
    expect(feed(b, [...'1234', 'Enter'], 0, 5).last.rejected).toEqual({ reason: 'too-short', chars: '1234' });
    expect(feed(b, [...'123', 'Enter'], 1000, 5).last).toMatchObject({ scan: null, rejected: null });
  });

  it('an Enter long after the burst is a person pressing it: the burst is reported, not scanned', () => {
    const b = new ScanBuffer();
    feed(b, [...EAN], 0, 5);
    expect(b.key('Enter', 500)).toMatchObject({ scan: null, rejected: { reason: 'no-enter', chars: EAN } });
  });

  it('Shift before capitals (scanners send it) is part of a scan, not a break in it', () => {
    const b = new ScanBuffer({ minLength: 4 });
    expect(scanOf(b, ['Shift', 'S', 'Shift', 'K', 'Shift', 'U', '-', '1', 'Enter'], 0, 3)).toBe('SKU-1');
  });

  it('restarts after a pause, so slow typing before a scan does not pollute it', () => {
    const b = new ScanBuffer();
    feed(b, [...'ab'], 0, 200);
    expect(b.key('7', 1000).started).toBe(true);
    expect(scanOf(b, [...'890000000011', 'Enter'], 1010, 10)).toBe(EAN);
  });

  it('tolerates a slow first gap (a render after the first key)', () => {
    const b = new ScanBuffer();
    b.key('7', 0);
    expect(scanOf(b, [...'890000000011', 'Enter'], 90, 5)).toBe(EAN);
  });

  it('reports scanning after two fast keys', () => {
    const b = new ScanBuffer();
    expect(b.key('1', 0).scanning).toBe(false);
    expect(b.key('2', 10).scanning).toBe(true);
  });
});
