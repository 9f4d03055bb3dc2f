import { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { CannonSpec } from '../../load/load-job';
import { mintAccessTokens } from '../access-tokens';
import { BenchContext } from '../bench-context';
import { Figure, ratioFigure, series } from '../figures';
import { freePort, waitUntilServing } from '../net';
import { LOAD_DIR } from '../paths';

interface Target {
  key: 'guarded' | 'guardedUncached' | 'public' | 'raw';
  url: string;
  headers?: Record<string, string>;
  rotatingHeaders?: Record<string, string>[];
}

// More distinct tokens than the API's verified-token cache holds (4,096), used in turn.
const UNCACHED_TOKENS = 5000;

/**
 * `guard_vs_public` and `guarded_vs_raw_node`: closed-loop throughput of the guarded greeting
 * (bearer token checked, no I/O), the same handler made public, and a bare `node:http` hello on
 * the same core. Runs are interleaved, so slow drift of the machine hits all three alike.
 */
export async function measureThroughput(ctx: BenchContext): Promise<Figure[]> {
  const raw = await startRawNodeServer(ctx);
  try {
    return await interleavedRuns(ctx, raw.url);
  } finally {
    await ctx.processes.stop(raw.child);
  }
}

async function interleavedRuns(ctx: BenchContext, rawUrl: string): Promise<Figure[]> {
  const freshTokens = mintAccessTokens(ctx.accessToken, ctx.api.jwtPrivateKeyPem, UNCACHED_TOKENS);
  const targets: Target[] = [
    { key: 'public', url: `${ctx.api.url}/greetings/public` },
    { key: 'guarded', url: `${ctx.api.url}/greetings`, headers: bearer(ctx.accessToken) },
    {
      key: 'guardedUncached',
      url: `${ctx.api.url}/greetings`,
      rotatingHeaders: freshTokens.map(bearer),
    },
    { key: 'raw', url: rawUrl },
  ];
  const perSecond: Record<Target['key'], number[]> = {
    guarded: [],
    guardedUncached: [],
    public: [],
    raw: [],
  };

  for (let run = 0; run < ctx.settings.runs; run++) {
    for (const target of targets) {
      const [result] = await ctx.runner.loadExpectingSuccess({
        instances: [cannon(ctx, target, run === 0)],
      });
      perSecond[target.key].push(result.successPerSecond);
      ctx.progress(
        `throughput ${target.key} run ${run + 1}: ${Math.round(result.successPerSecond)} req/s`,
      );
    }
  }

  const guarded = series('GET /greetings with a bearer token', 'req/s', perSecond.guarded);
  const uncached = series(
    `GET /greetings, each request one of ${UNCACHED_TOKENS} tokens in turn`,
    'req/s',
    perSecond.guardedUncached,
  );
  const publicRoute = series('GET /greetings/public', 'req/s', perSecond.public);
  const raw = series('node:http hello', 'req/s', perSecond.raw);
  return [
    ratioFigure('guard_vs_public', guarded, publicRoute, { comparison: '>=', bound: 0.9 }),
    ratioFigure('guarded_vs_raw_node', guarded, raw, { comparison: '>=', bound: 0.35 }),
    // The same two with every signature checked: what a client sees on its first request.
    ratioFigure('guard_vs_public_uncached', uncached, publicRoute),
    ratioFigure('guarded_vs_raw_node_uncached', uncached, raw),
  ];
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

function cannon(ctx: BenchContext, target: Target, warm: boolean): CannonSpec {
  return {
    kind: 'cannon',
    name: target.key,
    url: target.url,
    method: 'GET',
    headers: target.headers,
    rotatingHeaders: target.rotatingHeaders,
    connections: ctx.settings.throughputConnections,
    durationSeconds: ctx.settings.throughputSeconds,
    warmupSeconds: warm ? ctx.settings.warmupSeconds : 0,
    expectStatus: 200,
  };
}

/** Same core as the API, which sits idle while the hello server is measured. */
async function startRawNodeServer(
  ctx: BenchContext,
): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = ctx.processes.spawnNode(join(LOAD_DIR, 'hello-server.js'), [String(port)], {
    core: 'server',
    logName: 'hello-server',
    longLived: true,
  });
  const url = `http://127.0.0.1:${port}/`;
  await waitUntilServing(url, child, 10_000);
  return { url, child };
}
