import { readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ModuleKind, transpileModule } from 'typescript';

/**
 * A worker thread that runs this module's code (compiled here: threads load JavaScript),
 * lowers its own priority and reports what the kernel says of it.
 */
function probeInThread(): Promise<{ lowered: boolean; thread: number }> {
  const source = readFileSync(join(__dirname, 'thread-priority.ts'), 'utf8');
  const compiled = transpileModule(source, { compilerOptions: { module: ModuleKind.CommonJS } });
  const probe = `
    const { parentPort } = require('node:worker_threads');
    const { getPriority } = require('node:os');
    const module = { exports: {} };
    new Function('require', 'module', 'exports', ${JSON.stringify(compiled.outputText)})(
      require, module, module.exports);
    const lowered = module.exports.lowerThreadPriority(7);
    parentPort.postMessage({ lowered, thread: getPriority() });
  `;
  return new Promise((resolve, reject) => {
    const worker = new Worker(probe, { eval: true });
    // Settled by the first of these; terminating after the report is then only clean-up.
    worker.once('message', (report: { lowered: boolean; thread: number }) => {
      resolve(report);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the probe thread exited (${code}) silently`)));
  });
}

describe('lowerThreadPriority', () => {
  it('lowers the priority of the calling thread only, not the event loop', async () => {
    const before = getPriority();

    const report = await probeInThread();

    expect(report).toEqual({ lowered: true, thread: Math.min(before + 7, 19) });
    expect(getPriority()).toBe(before);
  });
});
