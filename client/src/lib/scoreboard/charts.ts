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

/** What a chart takes from the page: design tokens' values (the same palette as the rest) and the motion setting. */
export interface ChartLook {
  token: (name: string) => string;
  reducedMotion: boolean;
}

function pageLook(): ChartLook {
  return {
    token: (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#000000',
    reducedMotion: window.matchMedia('(prefers-reduced-motion: reduce)').matches,
  };
}

/** Splits a label into lines of about `width` characters at spaces, which Chart.js draws one under the other. */
export function wrapLabel(label: string, width = 14): string[] {
  const lines: string[] = [];
  for (const word of label.split(/\s+/).filter(Boolean)) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last]!.length + 1 + word.length <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines;
}

/**
 * Chart.js's options for a spec. Category labels are wrapped onto lines and never rotated: at 360 px Chart.js
 * otherwise tilts long labels until they run into each other.
 */
export function chartConfig(spec: ChartSpec, { token, reducedMotion: reduced }: ChartLook = pageLook()) {
  const text = token('--color-text');
  const grid = token('--color-border');
  const datasets = spec.series.map((s) => ({
    label: s.label,
    data: s.values,
    backgroundColor: s.colors.map(token),
    borderColor: spec.kind === 'doughnut' ? token('--color-surface') : s.colors.map(token),
    borderWidth: spec.kind === 'doughnut' ? 2 : 0,
  }));
  if (spec.kind === 'doughnut') {
    return {
      type: 'doughnut' as const,
      data: { labels: spec.labels, datasets },
      options: { animation: reduced ? (false as const) : undefined, maintainAspectRatio: false, plugins: { legend: { position: 'bottom' as const, labels: { color: text } } } },
    };
  }
  const category = { autoSkip: false, maxRotation: 0, minRotation: 0 };
  const value = { precision: 0 };
  return {
    type: 'bar' as const,
    data: { labels: spec.labels.map((label) => wrapLabel(label)), datasets },
    options: {
      animation: reduced ? (false as const) : undefined,
      maintainAspectRatio: false,
      indexAxis: spec.horizontal ? ('y' as const) : ('x' as const),
      plugins: { legend: { display: spec.series.length > 1, labels: { color: text } } },
      scales: {
        x: { stacked: !!spec.stacked, ticks: { color: text, ...(spec.horizontal ? value : category) }, grid: { color: grid } },
        y: { stacked: !!spec.stacked, beginAtZero: true, ticks: { color: text, ...(spec.horizontal ? category : value) }, grid: { color: grid } },
      },
    },
  };
}

/** A Svelte action: draws the chart on a canvas and redraws it when its spec changes. */
export function chart(canvas: HTMLCanvasElement, spec: ChartSpec) {
  // Labels are strings or, wrapped, lists of lines.
  const draw = (next: ChartSpec) => new Chart<'bar' | 'doughnut', number[], string | string[]>(canvas, chartConfig(next));
  let instance = draw(spec);
  return {
    update(next: ChartSpec) {
      instance.destroy();
      instance = draw(next);
    },
    destroy() {
      instance.destroy();
    },
  };
}
