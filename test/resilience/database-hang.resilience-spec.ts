import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { buildApiInto } from '../support/built-api';
import { freePort } from '../support/free-port';
import { signIn } from '../support/saml-flow';
import { ApiProcess, sharedConfig, startApiProcess } from './support/api-process';
import { startPostgresProcess, StoppablePostgres } from './support/postgres-process';
import {
  acs,
  Answer,
  greet,
  preparedLogin,
  refresh,
  timedFetch,
  tokensOf,
} from './support/timed-fetch';
import {
  countStatuses,
  isUnhandled,
  loginQuery,
  pause,
  startLoad,
  untilReady,
} from './support/background-load';

const BUILD_TIMEOUT_MS = 180_000;
/**
 * With the default DATABASE_CONNECT_TIMEOUT_MS and DATABASE_STATEMENT_TIMEOUT_MS (2 s each, the
 * read timeout 0.5 s later) the worst case is a request that waits for a pooled connection and
 * then for an answer: about 4.5 s. The bound adds 2 s for a busy machine's scheduling; it is
 * still well inside the hang, so an answer that needed the database back could not pass.
 */
const ANSWER_BOUND_MS = 6_500;
/** How long the server stays hung while the load runs. */
const HANG_MS = 8_000;
const CONCURRENT_AUTH_REQUESTS = 24;

interface Timed extends Answer {
  ms: number;
}

/**
 * Postgres hangs (SIGSTOP, not stopped): its sockets stay open and nothing answers, which no
 * connection error reveals. Pool and statement timeouts must turn that into a quick 503, the
 * token-only routes must not notice, and everything must come back on SIGCONT.
 */
describe('a hung Postgres under two API processes', () => {
  let removeBuild: (() => void) | undefined;
  let clusterParent: string | undefined;
  let postgres: StoppablePostgres | undefined;
  let a: ApiProcess;
  let b: ApiProcess;

  beforeAll(async () => {
    const build = buildApiInto('hang');
    removeBuild = () => build.remove();
    clusterParent = mkdtempSync(join(tmpdir(), 'saml-jwt-hang-pg-'));
    // Postgres may run as its own user (when we are root) and must reach the cluster folder.
    chmodSync(clusterParent, 0o755);
    postgres = await startPostgresProcess(
      build.dir,
      join(clusterParent, 'cluster'),
      await freePort(),
    );
    // The defaults for the pool and its timeouts: what this proves is what production gets.
    const shared = sharedConfig(postgres.url, 'http://127.0.0.1:5997');
    a = await startApiProcess(build.mainJs, shared);
    b = await startApiProcess(build.mainJs, shared);
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    postgres?.thaw();
    await Promise.all([a?.stop(), b?.stop()]);
    await postgres?.stop();
    if (clusterParent) {
      rmSync(clusterParent, { recursive: true, force: true });
    }
    removeBuild?.();
  });

  it('answers 503 within the bound while hung and recovers on SIGCONT', async () => {
    const kept = await signIn(a);
    const pending = await preparedLogin(b);
    const pids = [a.child.pid, b.child.pid];
    const load = startLoad([a, b], kept.access_token);
    await pause(500);

    const frozen = postgres?.freeze() ?? [];
    expect(frozen.length).toBeGreaterThan(1);
    const hungAt = Date.now();
    let figures: Record<string, number>;
    try {
      figures = await duringHang(a, b, kept, pending);
      await pause(Math.max(0, HANG_MS - (Date.now() - hungAt)));
    } finally {
      postgres?.thaw();
    }

    const recoveredInMs = await untilReady([a, b]);
    const answers = await load.stop();
    // The same processes, never restarted.
    expect([a.child.pid, b.child.pid]).toEqual(pids);
    expect([a.child.exitCode, b.child.exitCode]).toEqual([null, null]);

    // Nothing issued before the hang was lost, nor changed by the refreshes it refused.
    const refreshed = tokensOf(await refresh(b, kept.refresh_token));
    expect((await greet(a, refreshed.access_token)).status).toBe(200);
    expect((await acs(a, pending.samlResponse, pending.login.relayState)).status).toBe(302);
    await expect(signIn(b)).resolves.toMatchObject({ token_type: 'Bearer' });
    // No abandoned session is left holding a transaction open once the server runs again.
    expect(await openTransactions(postgres?.url ?? '')).toBe(0);

    const unhandled = [...a.logs, ...b.logs].join('').split('\n').filter(isUnhandled);
    expect(unhandled).toEqual([]);
    const counts = countStatuses(answers);
    console.info({ event: 'hang_figures', ...figures, recoveredInMs, counts });
    expect(counts['0'] ?? 0).toBe(0);
    expect(Object.keys(counts).filter((s) => Number(s) >= 500 && s !== '503')).toEqual([]);
    expect(counts['503']).toBeGreaterThan(0);
  }, 120_000);
});

/** The checks made while the server is hung; returns the slowest answer of each kind, in ms. */
async function duringHang(
  a: ApiProcess,
  b: ApiProcess,
  kept: { access_token: string; refresh_token: string },
  pending: Awaited<ReturnType<typeof preparedLogin>>,
): Promise<Record<string, number>> {
  const bearer = { authorization: `Bearer ${kept.access_token}` };
  const guarded = await Promise.all([a, b].map((api) => timed(greet(api, kept.access_token))));
  // Many at once, so that the pool is exhausted and requests also wait for a connection.
  const auth = await Promise.all(
    Array.from({ length: CONCURRENT_AUTH_REQUESTS }, (_, i) => {
      const api = i % 2 === 0 ? a : b;
      const requests = [
        () => refresh(api, kept.refresh_token),
        () => timedFetch(`${api.url}/auth/saml/login?${loginQuery('hang')}`),
        () => timedFetch(`${api.url}/users/me`, { headers: bearer }),
      ];
      return timed(requests[i % requests.length]());
    }),
  );
  const acsAnswer = await timed(acs(a, pending.samlResponse, pending.login.relayState));
  const ready = await Promise.all(
    [a, b].map((api) => timed(timedFetch(`${api.url}/health/ready`))),
  );

  guarded.forEach((answer) => expect(answer.status).toBe(200));
  [...auth, acsAnswer].forEach(expectUnavailable);
  ready.forEach((answer) => expect(answer.status).toBe(503));
  const slowest = (answers: Timed[]): number => Math.max(...answers.map((x) => x.ms));
  const figures = {
    guardedMaxMs: slowest(guarded),
    authMaxMs: slowest([...auth, acsAnswer]),
    readyMaxMs: slowest(ready),
  };
  expect(figures.guardedMaxMs).toBeLessThan(1_000);
  expect(figures.authMaxMs).toBeLessThanOrEqual(ANSWER_BOUND_MS);
  expect(figures.readyMaxMs).toBeLessThanOrEqual(ANSWER_BOUND_MS);
  return figures;
}

async function timed(request: Promise<Answer>): Promise<Timed> {
  const startedAt = Date.now();
  const answer = await request;
  return { ...answer, ms: Date.now() - startedAt };
}

function expectUnavailable(answer: Answer): void {
  expect(answer.status).toBe(503);
  expect(answer.headers.get('retry-after')).toBe('5');
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(JSON.parse(answer.body)).toMatchObject({ status: 503, title: 'Service Unavailable' });
}

async function openTransactions(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'`,
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}
