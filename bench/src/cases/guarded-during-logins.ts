import { ProbeSpec } from '../../load/load-job';
import { BenchContext } from '../bench-context';
import { Figure, series, valueFigure } from '../figures';
import { acsForms, startLogins } from '../sign-in-flow';
import { acsCannon } from './logins';
import { bearer } from './throughput';

// Enough logins that the probe sees a server busy with them for about `probeSeconds`.
const MIN_LOGINS = 50;

/**
 * `guarded_p99_ms_during_logins`: a light, steady stream of guarded GETs (one every
 * `probeIntervalMs`) while 10 fresh logins at a time go through the ACS; the probe stops when
 * the logins do. Its baseline is the same probe on an otherwise idle API, in the same run.
 */
export async function measureGuardedDuringLogins(
  ctx: BenchContext,
  acsPerSecond: number,
): Promise<Figure> {
  const { runs, probeSeconds } = ctx.settings;
  const loginCount = Math.max(MIN_LOGINS, Math.ceil(acsPerSecond * probeSeconds));
  const idle: number[] = [];
  const busy: number[] = [];

  for (let run = 0; run < runs; run++) {
    const [alone] = await ctx.runner.loadExpectingSuccess({
      instances: [{ ...probe(ctx), durationSeconds: probeSeconds }],
    });
    idle.push(alone.latencyMs.p99);

    const logins = await startLogins(ctx.api, loginCount);
    const forms = acsForms(ctx.api, logins);
    const [, during] = await ctx.runner.loadExpectingSuccess({
      instances: [acsCannon(ctx, forms), probe(ctx)],
    });
    busy.push(during.latencyMs.p99);
    const window = `${during.sent} probes in ${during.durationSeconds.toFixed(1)} s`;
    ctx.progress(
      `guarded p99 run ${run + 1}: ${alone.latencyMs.p99} ms idle, ` +
        `${during.latencyMs.p99} ms during ${loginCount} logins (${window})`,
    );
  }

  const rate = Math.round(1000 / ctx.settings.probeIntervalMs);
  return valueFigure(
    'guarded_p99_ms_during_logins',
    series(`GET /greetings p99 at ${rate}/s during 10 concurrent logins`, 'ms', busy),
    { comparison: '<', bound: 10 },
    series(`GET /greetings p99 at ${rate}/s, no logins`, 'ms', idle),
  );
}

function probe(ctx: BenchContext): ProbeSpec {
  return {
    kind: 'probe',
    name: 'guarded-probe',
    url: `${ctx.api.url}/greetings`,
    headers: bearer(ctx.accessToken),
    intervalMs: ctx.settings.probeIntervalMs,
    expectStatus: 200,
  };
}
