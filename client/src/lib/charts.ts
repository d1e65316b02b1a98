import { ArcElement, BarController, BarElement, CategoryScale, Chart, DoughnutController, Legend, LinearScale, Tooltip } from 'chart.js';

// Only the parts the scoreboard draws: bars and a doughnut. Chart.js draws on a canvas, which the CSP allows.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, DoughnutController, ArcElement, Legend, Tooltip);

export interface ChartSpec {
  kind: 'bar' | 'doughnut';
  labels: string[];
  /** One series per entry; colours are token names such as `--color-primary`. */
  series: Array<{ label: string; values: number[]; colors: string[] }>;
  horizontal?: boolean;
  stacked?: boolean;
}

/** A design token's value, so charts use the same palette as the rest of the page. */
function token(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#000000';
}

function config(spec: ChartSpec) {
  const text = token('--color-text');
  const grid = token('--color-border');
  const datasets = spec.series.map((s) => ({
    label: s.label,
    data: s.values,
    backgroundColor: s.colors.map(token),
    borderColor: spec.kind === 'doughnut' ? token('--color-surface') : s.colors.map(token),
    borderWidth: spec.kind === 'doughnut' ? 2 : 0,
  }));
  const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  if (spec.kind === 'doughnut') {
    return {
      type: 'doughnut' as const,
      data: { labels: spec.labels, datasets },
      options: { animation: reduced ? (false as const) : undefined, maintainAspectRatio: false, plugins: { legend: { position: 'bottom' as const, labels: { color: text } } } },
    };
  }
  return {
    type: 'bar' as const,
    data: { labels: spec.labels, datasets },
    options: {
      animation: reduced ? (false as const) : undefined,
      maintainAspectRatio: false,
      indexAxis: spec.horizontal ? ('y' as const) : ('x' as const),
      plugins: { legend: { display: spec.series.length > 1, labels: { color: text } } },
      scales: {
        x: { stacked: !!spec.stacked, ticks: { color: text, precision: 0 }, grid: { color: grid } },
        y: { stacked: !!spec.stacked, beginAtZero: true, ticks: { color: text, precision: 0 }, grid: { color: grid } },
      },
    },
  };
}

/** A Svelte action: draws the chart on a canvas and redraws it when its spec changes. */
export function chart(canvas: HTMLCanvasElement, spec: ChartSpec) {
  let instance = new Chart(canvas, config(spec));
  return {
    update(next: ChartSpec) {
      instance.destroy();
      instance = new Chart(canvas, config(next));
    },
    destroy() {
      instance.destroy();
    },
  };
}
