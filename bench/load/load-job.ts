/**
 * What the bench asks of a load-generator process, and what that process answers. Both sides
 * are separate processes (each pinned to its own core), so everything here travels as JSON.
 */

/** Closed-loop HTTP load with autocannon: as many requests as the connections can carry. */
export interface CannonSpec {
  kind: 'cannon';
  name: string;
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Timed runs only: request i carries `headers` and `rotatingHeaders[i % length]`. */
  rotatingHeaders?: Record<string, string>[];
  /** One body per request, each sent exactly once: the run ends when they are spent. */
  bodies?: string[];
  connections: number;
  /** Ignored when `bodies` is given. */
  durationSeconds?: number;
  /** Discarded load before the measured run, so the JIT and the pools are warm. */
  warmupSeconds?: number;
  /** A success needs this status... */
  expectStatus: number;
  /** ...and, for a redirect, this query parameter in its Location. */
  expectLocationParam?: string;
  /** Keep each success's Location header (codes for the token exchange). */
  collectLocation?: boolean;
  /** Keep this field of each success's JSON body (refresh tokens for the refresh case). */
  collectJsonField?: string;
}

/** Open-loop latency probe: a request on every beat, whether or not the last one returned. */
export interface ProbeSpec {
  kind: 'probe';
  name: string;
  url: string;
  headers?: Record<string, string>;
  intervalMs: number;
  /** Without it the probe runs until every cannon of the job has finished. */
  durationSeconds?: number;
  expectStatus: number;
}

export type LoadSpec = CannonSpec | ProbeSpec;

export interface LoadJob {
  /** All run at the same time; a probe without a duration stops when the cannons stop. */
  instances: LoadSpec[];
}

export interface LatencyMs {
  p50: number;
  p99: number;
  max: number;
}

export interface LoadResult {
  name: string;
  durationSeconds: number;
  sent: number;
  succeeded: number;
  successPerSecond: number;
  /** Responses that were not a success, by status code; "error" counts transport failures. */
  failures: Record<string, number>;
  latencyMs: LatencyMs;
  collected: string[];
}

export interface FloorJob {
  samlResponse: string;
  idpCertPem: string;
  idpIssuer: string;
  spEntityId: string;
  spAcsUrl: string;
  clockSkewMs: number;
  warmupSeconds: number;
  durationSeconds: number;
}

export interface FloorResult {
  validations: number;
  durationSeconds: number;
  perSecond: number;
}
