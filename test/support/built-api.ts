import { ChildProcess, execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const START_TIMEOUT_MS = 90_000;

/**
 * `npm run build` into a folder of the caller's own, for suites that must run the compiled API
 * as a process (real signals, worker threads that load JavaScript). The folder is inside
 * node_modules so that the built files resolve their dependencies as dist/ does.
 */
export function buildApiInto(name: string): { dir: string; mainJs: string; remove(): void } {
  const dir = join(ROOT, 'node_modules', '.cache', `${name}-${process.pid}`);
  const bin = (tool: string): string => join(ROOT, 'node_modules', '.bin', tool);
  const args = ['-p', join(ROOT, 'tsconfig.build.json'), '--outDir', dir];
  execFileSync(bin('tsc'), args, { cwd: ROOT, stdio: 'pipe' });
  execFileSync(bin('tsc-alias'), args, { cwd: ROOT, stdio: 'pipe' });
  return {
    dir,
    mainJs: join(dir, 'apps/api/src/main.js'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Polls readiness until the API answers, the process exits, or the time is up. */
export async function waitUntilReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline && child.exitCode === null) {
    const ok = await fetch(`${url}/health/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) {
      return;
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error('the API did not become ready');
}
