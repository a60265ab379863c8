import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/**
 * The dashboard's chart, loaded on demand (dynamic import): uPlot (~50 kB, no dependencies, canvas) draws the
 * week's orders received and ready on time per day as bars. The till never loads this module.
 */
export interface WeekSeries {
  labels: string[];
  received: number[];
  readyOnTime: number[];
  names: { received: string; readyOnTime: string };
}

export function drawWeekChart(target: HTMLElement, data: WeekSeries, width: number): () => void {
  const bars = uPlot.paths.bars!({ size: [0.35, 40], align: 0 });
  const xs = data.labels.map((_, i) => i);
  const plot = new uPlot(
    {
      width,
      height: 220,
      scales: { x: { time: false, range: [-0.6, data.labels.length - 0.4] }, y: { range: (_u, _min, max) => [0, Math.max(4, max + 1)] } },
      axes: [{ values: (_u, ticks) => ticks.map((i) => data.labels[i] ?? ''), splits: () => xs }, { incrs: [1, 2, 5, 10, 20, 50] }],
      series: [
        {},
        { label: data.names.received, fill: '#1f3a5f', stroke: '#1f3a5f', paths: bars, points: { show: false } },
        {
          label: data.names.readyOnTime,
          fill: '#1b6e3a',
          stroke: '#1b6e3a',
          paths: uPlot.paths.bars!({ size: [0.35, 40], align: 1 }),
          points: { show: false },
        },
      ],
      legend: { show: true, live: false },
      cursor: { show: false },
    },
    [xs, data.received, data.readyOnTime],
    target,
  );
  return () => plot.destroy();
}
