import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FloorJob, FloorResult, LoadJob, LoadResult } from '../load/load-job';
import { ChildProcesses } from './child-processes';
import { LOAD_DIR } from './paths';
import { Core } from './pinning';

/**
 * Hands jobs to separate processes: the HTTP load generator on the load core, the node-saml
 * floor on the server core (where the API would do that work). Jobs and results travel as
 * files in the bench's scratch folder.
 */
export class LoadRunner {
  private jobs = 0;

  constructor(
    private readonly processes: ChildProcesses,
    private readonly workDir: string,
  ) {}

  async load(job: LoadJob): Promise<LoadResult[]> {
    return this.runJob<LoadResult[]>('run-load.js', 'load', job);
  }

  /**
   * Like `load`, but refuses results whose failures (wrong answers, transport errors) exceed
   * `tolerance` of the requests sent. Requests still in flight when a timed run ends are not
   * failures: autocannon counts them as sent and then drops them.
   */
  async loadExpectingSuccess(job: LoadJob, tolerance = 0.01): Promise<LoadResult[]> {
    const results = await this.load(job);
    for (const result of results) {
      const failed = Object.values(result.failures).reduce((sum, count) => sum + count, 0);
      if (result.succeeded === 0 || failed > result.sent * tolerance) {
        const detail = JSON.stringify(result.failures);
        throw new Error(`${result.name}: ${failed} of ${result.sent} requests failed ${detail}`);
      }
    }
    return results;
  }

  async floor(job: FloorJob): Promise<FloorResult> {
    return this.runJob<FloorResult>('saml-floor.js', 'server', job);
  }

  private async runJob<T>(script: string, core: Core, job: unknown): Promise<T> {
    const id = ++this.jobs;
    const jobPath = join(this.workDir, `job-${id}.json`);
    const resultPath = join(this.workDir, `result-${id}.json`);
    writeFileSync(jobPath, JSON.stringify(job));
    await this.processes.runToEnd(join(LOAD_DIR, script), [jobPath, resultPath], {
      core,
      logName: `job-${id}`,
    });
    return JSON.parse(readFileSync(resultPath, 'utf8')) as T;
  }
}
