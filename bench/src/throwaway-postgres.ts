import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChildProcesses } from './child-processes';
import { loadEmbeddedPostgres } from './product';

export interface ThrowawayPostgres {
  url: string;
  /** The postmaster, for a last-resort signal when the bench dies without awaiting `stop`. */
  pid: number | null;
  stop(): Promise<void>;
}

/**
 * A fresh embedded Postgres for one bench run, its cluster inside `workDir` (deleted on stop).
 * It is moved onto the load generator's core, off the API's: in production the database is
 * another machine, and the figures are about what one core of API carries. The load generator
 * needs little of its core in the cases that use the database (ten connections), and the
 * throughput cases leave the database idle.
 */
export async function startThrowawayPostgres(
  workDir: string,
  port: number,
  processes: ChildProcesses,
): Promise<ThrowawayPostgres> {
  const dataDir = join(workDir, 'pgdata');
  const embedded = await loadEmbeddedPostgres();
  const server = await embedded.startEmbeddedPostgres({
    dataDir,
    port,
    persistent: false,
    database: 'bench',
  });
  const pid = postmasterPid(dataDir);
  if (pid !== null) {
    [pid, ...childPids(pid)].forEach((each) => processes.pin(each, 'load'));
  }
  return { url: server.url, pid, stop: () => server.stop() };
}

/** First line of postmaster.pid (the file format is documented with `pg_ctl`). */
function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Processes whose parent is `parentPid` (checkpointer, WAL writer…). Backends forked later
 * inherit the postmaster's core on their own.
 */
function childPids(parentPid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => parentOf(entry) === parentPid)
    .map(Number);
}

function parentOf(pid: string): number | null {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so split after ")".
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}
