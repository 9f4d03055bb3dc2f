import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi } from './api-process';
import { BenchContext, benchSettings } from './bench-context';
import { measureGuardedDuringLogins } from './cases/guarded-during-logins';
import { measureLogins } from './cases/logins';
import { measureThroughput } from './cases/throughput';
import { ChildProcesses } from './child-processes';
import { CpuAccounting, machineBusyShare } from './cpu-accounting';
import { Figure, series, valueFigure } from './figures';
import { LoadRunner } from './load-runner';
import { freePort } from './net';
import { detectPinning } from './pinning';
import { buildReport, describeMachine, writeReport } from './report';
import { RssMark, RssMonitor } from './rss-monitor';
import { signIn } from './sign-in-flow';
import { startThrowawayPostgres, ThrowawayPostgres } from './throwaway-postgres';

// Lets the freshly started API finish its start-up work before its idle memory is read.
const IDLE_SETTLE_MS = 2000;
// Other work above this share of the machine before the start will show in the figures.
const BUSY_MACHINE_SHARE = 0.1;

type Progress = (message: string) => void;
type Measured = { details: Figure[]; rssByPhase: RssMark[] };
const progress: Progress = (message) => void process.stdout.write(`[bench] ${message}\n`);

/**
 * `npm run bench` (after `npm run build`): a throwaway Postgres, the API in production mode,
 * then every case over loopback HTTP; writes bench/results/latest.{json,md}. Everything it
 * starts is stopped on the way out, whether the run succeeded, failed or was interrupted.
 */
async function main(): Promise<void> {
  const began = new Date();
  const busyBeforeStart = await machineBusyShare(1000, cpus().length);
  if (busyBeforeStart > BUSY_MACHINE_SHARE) {
    progress(`warning: other work keeps ${Math.round(busyBeforeStart * 100)}% of the CPUs busy`);
  }
  const cpu = new CpuAccounting();
  // Postgres runs as the `postgres` user when we are root: it must be able to enter the folder.
  const workDir = mkdtempSync(join(tmpdir(), 'saml-bench-'));
  chmodSync(workDir, 0o755);
  const processes = new ChildProcesses(detectPinning(), workDir);
  let postgres: ThrowawayPostgres | undefined;

  const cleanUp = async (): Promise<void> => {
    await processes.stopAll();
    // Forget the postmaster first: once stopped, its PID may belong to someone else.
    const stopping = postgres;
    postgres = undefined;
    await stopping?.stop();
    rmSync(workDir, { recursive: true, force: true });
  };
  process.once('exit', () => {
    processes.killAllNow();
    if (postgres?.pid) {
      signalQuietly(postgres.pid, 'SIGINT');
    }
    rmSync(workDir, { recursive: true, force: true });
  });
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    process.once(name, () => void cleanUp().finally(() => process.exit(130)));
  }

  let measured: Measured;
  try {
    progress(`scratch folder ${workDir}; pinning: ${processes.pinning.reason}`);
    postgres = await startThrowawayPostgres(workDir, await freePort(), processes);
    measured = await runCases(processes, postgres.url, workDir);
  } finally {
    await cleanUp();
  }
  const report = buildReport(
    {
      machine: describeMachine(processes.pinning, busyBeforeStart),
      settings: benchSettings(process.env),
      ...measured,
      cpu: cpu.finish(),
    },
    began,
  );
  process.stdout.write(`\n${writeReport(report)}\n`);
}

async function runCases(
  processes: ChildProcesses,
  databaseUrl: string,
  workDir: string,
): Promise<Measured> {
  const api = await startApi(processes, databaseUrl, workDir);
  const rss = new RssMonitor(api.pid);
  await new Promise((resolve) => setTimeout(resolve, IDLE_SETTLE_MS));
  const idleMb = rss.readMb();
  progress(`API up at ${api.url} (pid ${api.pid}), ${idleMb} MB resident when idle`);

  const ctx: BenchContext = {
    api,
    processes,
    runner: new LoadRunner(processes, workDir),
    settings: benchSettings(process.env),
    accessToken: await signIn(api),
    progress,
  };
  rss.startSampling();
  const throughput = await measureThroughput(ctx);
  rss.mark('after throughput cases');
  const logins = await measureLogins(ctx);
  rss.mark('after login, token and refresh cases');
  const duringLogins = await measureGuardedDuringLogins(ctx, logins.acsPerSecond);
  rss.mark('after guarded-during-logins case');
  rss.stopSampling();

  const memory = [
    valueFigure('rss_idle_mb', series('VmRSS after start', 'MB', [idleMb]), {
      comparison: '<',
      bound: 150,
    }),
    valueFigure('rss_load_mb', series('peak VmRSS under load', 'MB', [rss.peakMb()]), {
      comparison: '<',
      bound: 300,
    }),
  ];
  return {
    details: [...throughput, ...logins.figures, duringLogins, ...memory],
    rssByPhase: [
      { phase: 'idle', mb: idleMb },
      ...rss.marks,
      { phase: 'kernel high-water mark', mb: rss.highWaterMb() },
    ],
  };
}

function signalQuietly(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already stopped.
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
