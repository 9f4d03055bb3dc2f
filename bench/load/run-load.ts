import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { runCannon } from './cannon';
import { LoadJob, LoadResult } from './load-job';
import { runProbe } from './probe';

/**
 * The load-generator process: `node run-load.js <job.json> <result.json>`. The bench starts it
 * pinned to the core the server does not use, runs every instance of the job at once, and reads
 * the results from the file (stdout stays free for autocannon's own warnings).
 */
async function main(): Promise<void> {
  const [jobPath, resultPath] = process.argv.slice(2);
  if (!jobPath || !resultPath) {
    throw new Error('usage: run-load <job.json> <result.json>');
  }
  const job = JSON.parse(readFileSync(jobPath, 'utf8')) as LoadJob;

  let cannonsRunning = job.instances.filter((spec) => spec.kind === 'cannon').length;
  let cannonsEndedAt = cannonsRunning === 0 ? performance.now() : Infinity;
  const results: Promise<LoadResult>[] = job.instances.map((spec) => {
    if (spec.kind === 'probe') {
      return runProbe(spec, () => cannonsEndedAt);
    }
    return runCannon(spec).finally(() => {
      if (--cannonsRunning === 0) {
        cannonsEndedAt = performance.now();
      }
    });
  });
  writeFileSync(resultPath, JSON.stringify(await Promise.all(results)));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `load generator failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
