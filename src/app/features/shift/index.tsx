import { map } from 'rxjs';
import { defineFeature } from '../feature.js';
import { openShiftOf, shifts$ } from './shift-data.js';
import './shift.css';
import { lazyScreen } from '../../ui/lazy-screen.js';

const ShiftScreen = lazyScreen(() => import('./ShiftScreen.js').then((m) => m.ShiftScreen));

declare module '../../router.js' {
  interface Routes {
    shift: Record<never, never>;
  }
}

/** The register shift: open with a float, cash in and out, close with counts and a printed Z report. Its tab says whether a shift is open. */
export const shiftFeature = defineFeature({
  id: 'shift',
  routes: { shift: [] },
  nav: {
    label: 'nav.shift',
    target: { name: 'shift' },
    permission: 'sale.create',
    chip: ({ db, enrollment }) =>
      shifts$(db, enrollment.deviceId).pipe(
        map((shifts) =>
          openShiftOf(shifts)
            ? { text: 'shift.chip.open', label: 'shift.chip.openLabel', tone: 'ok' as const }
            : { text: 'shift.chip.closed', label: 'shift.chip.closedLabel', tone: 'muted' as const },
        ),
      ),
  },
  Screen: ShiftScreen,
});
