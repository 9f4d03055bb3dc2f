import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { CannonSpec, LoadResult } from './load-job';

type Headers = Record<string, string | string[] | undefined>;

/** Runs one autocannon instance for `spec` (after its warm-up) and reports only successes. */
export async function runCannon(spec: CannonSpec): Promise<LoadResult> {
  await warmUp(spec);
  return measure(spec);
}

async function warmUp(spec: CannonSpec): Promise<void> {
  if (!spec.warmupSeconds || spec.bodies) {
    return;
  }
  await autocannon({
    url: spec.url,
    method: spec.method,
    headers: spec.headers,
    connections: spec.connections,
    duration: spec.warmupSeconds,
    requests: rotation(spec.rotatingHeaders),
  });
}

/** Request i gets the i-th set of headers, in turn (undefined: every request the same). */
function rotation(
  headerSets: Record<string, string>[] | undefined,
): autocannon.Request[] | undefined {
  if (!headerSets) {
    return undefined;
  }
  let turn = 0;
  return [
    {
      setupRequest: (request) => ({
        ...request,
        headers: { ...request.headers, ...headerSets[turn++ % headerSets.length] },
      }),
    },
  ];
}

// autocannon notices the end of a fixed-count run only at its next sample, so sample often.
const FIXED_COUNT_SAMPLE_MS = 50;

function measure(spec: CannonSpec): Promise<LoadResult> {
  const tally = new ResponseTally(spec);
  const bodies = spec.bodies;
  let next = 0;
  const options: autocannon.Options = {
    url: spec.url,
    method: spec.method,
    headers: spec.headers,
    connections: spec.connections,
    ...(bodies
      ? { amount: bodies.length, sampleInt: FIXED_COUNT_SAMPLE_MS }
      : { duration: spec.durationSeconds }),
  };
  if (spec.rotatingHeaders && !bodies) {
    options.requests = rotation(spec.rotatingHeaders);
  } else if (tally.readsResponses) {
    options.requests = [
      {
        // Each pre-built body (a fresh login, a fresh code) is sent exactly once.
        setupRequest: bodies ? (request) => ({ ...request, body: bodies[next++] }) : undefined,
        onResponse: (status, body, _context, headers) => tally.record(status, body, headers),
      },
    ];
  }
  return new Promise((resolve, reject) => {
    autocannon(options, (error: Error | null, result: autocannon.Result) => {
      if (error) {
        reject(error);
      } else {
        resolve(tally.result(spec.name, result));
      }
    });
  });
}

/**
 * Counts successes. Timed runs use autocannon's status counts. Fixed-count runs, and runs that
 * look inside responses (a redirect carrying a code, a token to keep), inspect each response;
 * their duration runs from the start to the last response, because autocannon's own duration
 * is rounded up to its next sample.
 */
class ResponseTally {
  readonly readsResponses: boolean;
  private readonly startedAt = performance.now();
  private lastResponseAt = this.startedAt;
  private succeeded = 0;
  private readonly failures: Record<string, number> = {};
  private readonly collected: string[] = [];

  constructor(private readonly spec: CannonSpec) {
    this.readsResponses = Boolean(
      spec.bodies || spec.expectLocationParam || spec.collectLocation || spec.collectJsonField,
    );
  }

  record(status: number, body: string, headers: Headers | undefined): void {
    this.lastResponseAt = performance.now();
    const location = headerValue(headers, 'location');
    if (status !== this.spec.expectStatus) {
      return this.fail(String(status));
    }
    const param = this.spec.expectLocationParam;
    if (param && !hasQueryParam(location, param)) {
      return this.fail(`${status} without ${param}`);
    }
    this.succeeded++;
    if (this.spec.collectLocation && location) {
      this.collected.push(location);
    }
    const field = this.spec.collectJsonField;
    if (field) {
      this.collected.push(String((JSON.parse(body) as Record<string, unknown>)[field]));
    }
  }

  result(name: string, raw: autocannon.Result): LoadResult {
    const fromStatusCounts = !this.readsResponses;
    const succeeded = fromStatusCounts ? statusCount(raw, this.spec.expectStatus) : this.succeeded;
    const failures = fromStatusCounts ? otherStatuses(raw, this.spec.expectStatus) : this.failures;
    if (raw.errors > 0) {
      failures.error = raw.errors;
    }
    const durationSeconds = fromStatusCounts
      ? raw.duration
      : (this.lastResponseAt - this.startedAt) / 1000;
    return {
      name,
      durationSeconds,
      sent: raw.requests.sent,
      succeeded,
      successPerSecond: succeeded / durationSeconds,
      failures,
      latencyMs: { p50: raw.latency.p50, p99: raw.latency.p99, max: raw.latency.max },
      collected: this.collected,
    };
  }

  private fail(reason: string): void {
    this.failures[reason] = (this.failures[reason] ?? 0) + 1;
  }
}

function headerValue(headers: Headers | undefined, name: string): string | undefined {
  const key = Object.keys(headers ?? {}).find((candidate) => candidate.toLowerCase() === name);
  const value = key ? headers?.[key] : undefined;
  return Array.isArray(value) ? value[0] : value;
}

function hasQueryParam(url: string | undefined, name: string): boolean {
  return URL.canParse(url ?? '') && Boolean(new URL(url ?? '').searchParams.get(name));
}

function statusCount(raw: autocannon.Result, status: number): number {
  return raw.statusCodeStats?.[`${status}`]?.count ?? 0;
}

function otherStatuses(raw: autocannon.Result, expected: number): Record<string, number> {
  const entries = Object.entries(raw.statusCodeStats ?? {}).filter(
    ([code]) => code !== `${expected}`,
  );
  return Object.fromEntries(entries.map(([code, stats]) => [code, stats.count ?? 0]));
}
