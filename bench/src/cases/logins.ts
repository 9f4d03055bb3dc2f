import { CannonSpec, FloorJob } from '../../load/load-job';
import { IDP_ISSUER } from '../api-process';
import { BenchContext } from '../bench-context';
import { Figure, ratioFigure, series, valueFigure } from '../figures';
import {
  acsForms,
  codeExchangeBodies,
  refreshBodies,
  signedResponse,
  startLogins,
} from '../sign-in-flow';

export interface LoginFigures {
  figures: Figure[];
  /** Median ACS throughput, to size the logins that run under the latency probe. */
  acsPerSecond: number;
}

/**
 * After one unmeasured chain, one chain per run: N fresh logins through the ACS
 * (`acs_vs_saml_floor`, `acs_p99_ms_10c`), their N codes exchanged once each
 * (`token_exchange_per_s`), then the N refresh tokens used once each (`refresh_per_s`). The
 * node-saml floor runs before each ACS run on a response of the same shape. Responses are
 * signed before any clock starts.
 */
export async function measureLogins(ctx: BenchContext): Promise<LoginFigures> {
  // Unmeasured: compiles the hot paths and signs every bench user in for the first time.
  const warmUp = await runChain(ctx);
  ctx.progress(`logins warm-up: ACS ${Math.round(warmUp.acs)}/s (first sign-in of each user)`);
  const runs: RunRates[] = [];
  for (let run = 0; run < ctx.settings.runs; run++) {
    const rates = { floor: await floorRate(ctx), ...(await runChain(ctx)) };
    runs.push(rates);
    ctx.progress(
      `logins run ${run + 1}: floor ${Math.round(rates.floor)}/s, ` +
        `ACS ${Math.round(rates.acs)}/s (p99 ${rates.acsP99} ms), ` +
        `exchange ${Math.round(rates.exchange)}/s, refresh ${Math.round(rates.refresh)}/s`,
    );
  }
  const runsOf = (key: keyof RunRates): number[] => runs.map((rates) => rates[key]);
  const c = `${ctx.settings.loginConnections} concurrent`;

  const acs = series(`POST /auth/saml/acs, a fresh login each, ${c}`, 'logins/s', runsOf('acs'));
  const floor = series('node-saml alone, one core', 'validations/s', runsOf('floor'));
  const p99 = series(`POST /auth/saml/acs p99, ${c}`, 'ms', runsOf('acsP99'));
  const exchange = series(`POST /auth/token, a fresh code each, ${c}`, 'req/s', runsOf('exchange'));
  const refresh = series(
    `POST /auth/token, a fresh refresh token each, ${c}`,
    'req/s',
    runsOf('refresh'),
  );
  return {
    acsPerSecond: acs.median,
    figures: [
      ratioFigure('acs_vs_saml_floor', acs, floor, { comparison: '>=', bound: 0.9 }),
      valueFigure('acs_p99_ms_10c', p99, { comparison: '<', bound: 150 }),
      valueFigure('token_exchange_per_s', exchange),
      valueFigure('refresh_per_s', refresh),
    ],
  };
}

interface ChainRates {
  acs: number;
  acsP99: number;
  exchange: number;
  refresh: number;
}

type RunRates = ChainRates & { floor: number };

async function runChain(ctx: BenchContext): Promise<ChainRates> {
  const logins = await startLogins(ctx.api, ctx.settings.loginsPerRun);
  const forms = acsForms(ctx.api, logins);
  const [acs] = await ctx.runner.loadExpectingSuccess({ instances: [acsCannon(ctx, forms)] });
  const codes = codeExchangeBodies(acs.collected, logins);
  const [exchange] = await ctx.runner.loadExpectingSuccess({
    instances: [tokenCannon(ctx, 'token-exchange', codes, 'refresh_token')],
  });
  const [refresh] = await ctx.runner.loadExpectingSuccess({
    instances: [tokenCannon(ctx, 'refresh', refreshBodies(exchange.collected))],
  });
  return {
    acs: acs.successPerSecond,
    acsP99: acs.latencyMs.p99,
    exchange: exchange.successPerSecond,
    refresh: refresh.successPerSecond,
  };
}

/** node-saml's rate on one response for a login started like the others (never posted). */
async function floorRate(ctx: BenchContext): Promise<number> {
  const [login] = await startLogins(ctx.api, 1);
  const result = await ctx.runner.floor(floorJob(ctx, signedResponse(ctx.api, login, 0)));
  return result.perSecond;
}

export function acsCannon(ctx: BenchContext, forms: string[]): CannonSpec {
  return {
    kind: 'cannon',
    name: 'acs',
    url: `${ctx.api.url}/auth/saml/acs`,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    bodies: forms,
    connections: ctx.settings.loginConnections,
    expectStatus: 302,
    expectLocationParam: 'code',
    collectLocation: true,
  };
}

function tokenCannon(
  ctx: BenchContext,
  name: string,
  bodies: string[],
  collect?: string,
): CannonSpec {
  return {
    kind: 'cannon',
    name,
    url: `${ctx.api.url}/auth/token`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    bodies,
    connections: ctx.settings.loginConnections,
    expectStatus: 200,
    collectJsonField: collect,
  };
}

function floorJob(ctx: BenchContext, samlResponse: string): FloorJob {
  return {
    samlResponse,
    idpCertPem: ctx.api.idpKeys.certPem,
    idpIssuer: IDP_ISSUER,
    spEntityId: ctx.api.spEntityId,
    spAcsUrl: ctx.api.spAcsUrl,
    clockSkewMs: ctx.api.clockSkewMs,
    warmupSeconds: ctx.settings.floorWarmupSeconds,
    durationSeconds: ctx.settings.floorSeconds,
  };
}
