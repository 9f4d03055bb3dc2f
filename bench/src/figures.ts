/** The figures the bench must report, by the names the JSON carries. */
export const FIGURE_NAMES = [
  'guard_vs_public',
  'guarded_vs_raw_node',
  'guard_vs_public_uncached',
  'guarded_vs_raw_node_uncached',
  'acs_vs_saml_floor',
  'acs_p99_ms_10c',
  'guarded_p99_ms_during_logins',
  'token_exchange_per_s',
  'refresh_per_s',
  'rss_idle_mb',
  'rss_load_mb',
] as const;

export type FigureName = (typeof FIGURE_NAMES)[number];

/** One quantity measured once per run, summarised by its median. */
export interface Series {
  label: string;
  unit: string;
  runs: number[];
  median: number;
}

export interface Target {
  comparison: '>=' | '<';
  bound: number;
}

export interface Figure {
  name: FigureName;
  value: number;
  unit: string;
  measured: Series;
  /** The same-run reference the figure is compared with, when it has one. */
  baseline?: Series;
  target?: Target;
  holds?: boolean;
}

export function series(label: string, unit: string, runs: number[]): Series {
  return { label, unit, runs: runs.map(round), median: round(median(runs)) };
}

/** Median of the measured series over median of the baseline series. */
export function ratioFigure(
  name: FigureName,
  measured: Series,
  baseline: Series,
  target?: Target,
): Figure {
  return withTarget(
    { name, value: round(measured.median / baseline.median, 3), unit: 'ratio', measured, baseline },
    target,
  );
}

export function valueFigure(
  name: FigureName,
  measured: Series,
  target?: Target,
  baseline?: Series,
): Figure {
  return withTarget(
    { name, value: measured.median, unit: measured.unit, measured, baseline },
    target,
  );
}

function withTarget(figure: Figure, target: Target | undefined): Figure {
  if (!target) {
    return figure;
  }
  const holds =
    target.comparison === '>=' ? figure.value >= target.bound : figure.value < target.bound;
  return { ...figure, target, holds };
}

export function median(values: number[]): number {
  if (values.length === 0) {
    return NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Two decimals are plenty for rates and milliseconds; ratios get three. */
export function round(value: number, decimals = 2): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}
