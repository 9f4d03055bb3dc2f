import { RunningApi } from './api-process';
import { ChildProcesses } from './child-processes';
import { LoadRunner } from './load-runner';

/** How hard and how long each case pushes; sized so the whole bench stays near 4 minutes. */
export interface BenchSettings {
  runs: number;
  throughputSeconds: number;
  warmupSeconds: number;
  /** Enough requests in flight to keep one core of server busy at all times. */
  throughputConnections: number;
  /** Concurrent logins in the ACS, token and refresh cases. */
  loginConnections: number;
  /** Fresh logins per ACS run; each also yields a code and a refresh token for the next cases. */
  loginsPerRun: number;
  probeIntervalMs: number;
  probeSeconds: number;
  floorWarmupSeconds: number;
  floorSeconds: number;
}

export function benchSettings(env: NodeJS.ProcessEnv): BenchSettings {
  return {
    runs: 3,
    throughputSeconds: 5,
    warmupSeconds: 2,
    throughputConnections: 50,
    loginConnections: 10,
    loginsPerRun: Number(env.BENCH_LOGINS_PER_RUN ?? 300),
    probeIntervalMs: 10,
    probeSeconds: 4,
    floorWarmupSeconds: 1,
    floorSeconds: 3,
  };
}

export interface BenchContext {
  api: RunningApi;
  processes: ChildProcesses;
  runner: LoadRunner;
  settings: BenchSettings;
  /** A valid bearer token from a real sign-in. */
  accessToken: string;
  progress(message: string): void;
}
