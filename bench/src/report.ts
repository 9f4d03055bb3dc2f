import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { BenchSettings } from './bench-context';
import { CpuUse } from './cpu-accounting';
import { Pinning } from './pinning';
import { Figure, FIGURE_NAMES, FigureName, round, Series } from './figures';
import { RssMark } from './rss-monitor';
import { PERFORMANCE_DOC, REPO_ROOT, RESULTS_DIR } from './paths';

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  node: string;
  kernel: string;
  pinning: Pinning;
  commit: string;
  /** Share of all cores other work kept busy in the second before the bench started. */
  busyBeforeStart: number;
}

export interface BenchReport {
  generatedAt: string;
  machine: Machine;
  settings: BenchSettings;
  /** The named figures alone, for a quick `jq .figures`. */
  figures: Record<FigureName, number>;
  details: Figure[];
  rssByPhase: RssMark[];
  cpu: CpuUse;
}

// Markers around the generated part of docs/performance.md; the prose around them is kept.
const DOC_START = '<!-- bench:latest:start -->';
const DOC_END = '<!-- bench:latest:end -->';

export function describeMachine(pinning: Pinning, busyBeforeStart: number): Machine {
  const git = (...args: string[]): string =>
    spawnSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
  const commit = git('rev-parse', '--short', 'HEAD') || 'unknown';
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    kernel: `${process.platform} ${release()}`,
    pinning,
    commit: git('status', '--porcelain') ? `${commit} (with uncommitted changes)` : commit,
    busyBeforeStart: round(busyBeforeStart),
  };
}

export function buildReport(
  parts: Omit<BenchReport, 'figures' | 'generatedAt'>,
  generatedAt: Date,
): BenchReport {
  const byName = new Map(parts.details.map((figure) => [figure.name, figure.value]));
  const missing = FIGURE_NAMES.filter((name) => !byName.has(name));
  if (missing.length > 0) {
    throw new Error(`figures missing from the run: ${missing.join(', ')}`);
  }
  const figures = Object.fromEntries(FIGURE_NAMES.map((name) => [name, byName.get(name)]));
  return {
    generatedAt: generatedAt.toISOString(),
    ...parts,
    figures: figures as BenchReport['figures'],
  };
}

/** Writes latest.json and latest.md, and refreshes the table in docs/performance.md. */
export function writeReport(report: BenchReport): string {
  const table = renderMarkdown(report);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(RESULTS_DIR, 'latest.md'), `# Latest bench run\n\n${table}`);
  if (existsSync(PERFORMANCE_DOC)) {
    const doc = readFileSync(PERFORMANCE_DOC, 'utf8');
    const start = doc.indexOf(DOC_START);
    const end = doc.indexOf(DOC_END);
    if (start !== -1 && end > start) {
      const refreshed = `${doc.slice(0, start + DOC_START.length)}\n${table}${doc.slice(end)}`;
      writeFileSync(PERFORMANCE_DOC, refreshed);
    }
  }
  return table;
}

export function renderMarkdown(report: BenchReport): string {
  const { machine, settings } = report;
  const pinning = machine.pinning.enabled
    ? `API and the node-saml floor on CPU ${machine.pinning.serverCpu}, ` +
      `load generator and Postgres on CPU ${machine.pinning.loadCpu} (taskset)`
    : `not pinned (${machine.pinning.reason})`;
  const rows = report.details.map((figure) =>
    [
      `\`${figure.name}\``,
      `**${formatNumber(figure.value)}**${figure.unit === 'ratio' ? '' : ` ${figure.unit}`}`,
      describeSeries(figure.measured),
      figure.baseline ? describeSeries(figure.baseline) : '—',
      figure.target
        ? `${figure.target.comparison === '>=' ? '≥' : '<'} ${figure.target.bound}`
        : '—',
      figure.holds === undefined ? '—' : figure.holds ? 'yes' : '**no**',
    ].join(' | '),
  );
  return [
    `Run ${report.generatedAt} (${Math.round(report.cpu.wallSeconds)} s), ` +
      `commit ${machine.commit}.`,
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GiB, ` +
      `Node ${machine.node}, ${machine.kernel}; ${pinning}.`,
    `CPU time: ${report.cpu.benchCpuSeconds} s used by the bench's processes, ` +
      `${report.cpu.otherCpuSeconds} s by other processes on the machine during the run.`,
    `Each value is the median of ${settings.runs} runs; ratios divide the two medians.`,
    '',
    '| figure | value | measured | baseline (same run) | target | holds |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row} |`),
    '',
  ].join('\n');
}

function describeSeries(values: Series): string {
  const runs = values.runs.map(formatNumber).join(', ');
  return `${formatNumber(values.median)} ${values.unit}: ${values.label} (runs ${runs})`;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) {
    return String(value);
  }
  const decimals = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { maximumFractionDigits: decimals });
}
