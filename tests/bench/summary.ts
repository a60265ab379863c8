/**
 * One line of bench-results/summary.json: a figure, its target (in the figure's unit, e.g. "≤ 1000"; null when the
 * issues set none), the raw baseline measured in the same run where there is one, and whether the target holds
 * (null without a target). Each benchmark writes its lines into its own bench-results/*.json under `summary`;
 * `npm run bench` gathers them into bench-results/summary.json.
 */
export interface SummaryEntry {
  figure: string;
  value: number;
  unit: string;
  target: string | null;
  baseline?: number;
  met: boolean | null;
  /** What the baseline is, when there is one. */
  baselineIs?: string;
}

type Goal = { atMost: number } | { atLeast: number } | null;

export function entry(figure: string, value: number, unit: string, goal: Goal, baseline?: { value: number; is: string }): SummaryEntry {
  const target = goal === null ? null : 'atMost' in goal ? `≤ ${goal.atMost}` : `≥ ${goal.atLeast}`;
  const met = goal === null || !Number.isFinite(value) ? null : 'atMost' in goal ? value <= goal.atMost : value >= goal.atLeast;
  return { figure, value, unit, target, ...(baseline ? { baseline: baseline.value, baselineIs: baseline.is } : {}), met };
}

/** How a target reads beside its figure in the printed tables ("—" when the issues set none). */
export const targetText = (e: SummaryEntry) => (e.target === null ? '—' : `${e.target} ${e.unit}${e.met === null ? '' : e.met ? ' ✓' : ' ✗'}`);
