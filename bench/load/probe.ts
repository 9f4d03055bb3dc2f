import { Agent, get } from 'node:http';
import { performance } from 'node:perf_hooks';
import { LatencyMs, LoadResult, ProbeSpec } from './load-job';

// Enough sockets that a stalled server, not the probe, decides how long requests wait.
const MAX_SOCKETS = 64;

/**
 * An open-loop stream of GETs, one per beat, as independent users would send them: a request
 * goes out when it is due even if earlier ones have not been answered yet (on an idle server
 * that is one request in flight at a time). Latency runs from the moment a request was due,
 * so a server that stalls is charged for the whole stall.
 */
export async function runProbe(spec: ProbeSpec, cannonsEndedAt: () => number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });
  const started = performance.now();
  const deadline = (): number =>
    spec.durationSeconds ? started + spec.durationSeconds * 1000 : cannonsEndedAt();
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  const inFlight: Promise<void>[] = [];

  for (let beat = 0; ; beat++) {
    const due = started + beat * spec.intervalMs;
    if (due >= deadline()) {
      break;
    }
    await sleep(due - performance.now());
    const answered = request(spec, agent).then((status) => {
      latencies.push(performance.now() - due);
      if (status !== spec.expectStatus) {
        failures[String(status)] = (failures[String(status)] ?? 0) + 1;
      }
    });
    inFlight.push(answered);
  }
  await Promise.all(inFlight);
  agent.destroy();

  const durationSeconds = (performance.now() - started) / 1000;
  const succeeded = latencies.length - Object.values(failures).reduce((a, b) => a + b, 0);
  return {
    name: spec.name,
    durationSeconds,
    sent: latencies.length,
    succeeded,
    successPerSecond: succeeded / durationSeconds,
    failures,
    latencyMs: summarise(latencies),
    collected: [],
  };
}

function request(spec: ProbeSpec, agent: Agent): Promise<number | 'error'> {
  return new Promise((resolve) => {
    const outgoing = get(spec.url, { agent, headers: spec.headers }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
    });
    outgoing.once('error', () => resolve('error'));
  });
}

function summarise(latencies: number[]): LatencyMs {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (fraction: number): number => {
    if (sorted.length === 0) {
      return NaN;
    }
    return round(sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]);
  };
  return { p50: at(0.5), p99: at(0.99), max: at(1) };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
