import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApiInto } from '../support/built-api';
import { freePort } from '../support/free-port';
import { ApiEndpoint, signIn } from '../support/saml-flow';
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
 * Postgres stops under load and starts again. In between, what needs only a token keeps
 * working, what needs the database says so (503 with Retry-After, quickly), and afterwards the
 * same processes serve everything again with every session they had.
 */
describe('a database outage under two API processes', () => {
  let removeBuild: (() => void) | undefined;
  let clusterParent: string | undefined;
  let postgres: StoppablePostgres | undefined;
  let databasePort: number;
  let a: ApiProcess;
  let b: ApiProcess;

  /** A stoppable Postgres of this suite's own; the data is kept across stop and start. */
  let buildDir = '';
  const startPostgres = (): Promise<StoppablePostgres> =>
    startPostgresProcess(buildDir, join(clusterParent ?? '', 'cluster'), databasePort);

  beforeAll(async () => {
    const build = buildApiInto('outage');
    removeBuild = () => build.remove();
    buildDir = build.dir;
    clusterParent = mkdtempSync(join(tmpdir(), 'saml-jwt-outage-pg-'));
    // Postgres may run as its own user (when we are root) and must reach the cluster folder.
    chmodSync(clusterParent, 0o755);
    databasePort = await freePort();
    postgres = await startPostgres();
    const shared = sharedConfig(postgres.url, 'http://127.0.0.1:5997');
    a = await startApiProcess(build.mainJs, shared);
    b = await startApiProcess(build.mainJs, shared);
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await postgres?.stop();
    if (clusterParent) {
      rmSync(clusterParent, { recursive: true, force: true });
    }
    removeBuild?.();
  });

  it('degrades to 503 with Retry-After and recovers without a restart', async () => {
    const kept = await signIn(a);
    const pendingLogin = await preparedLogin(b);
    const load = startLoad([a, b], kept.access_token);
    await pause(500);

    await postgres?.stop();
    postgres = undefined;
    const startedAt = Date.now();
    for (const api of [a, b]) {
      expect((await greet(api, kept.access_token)).status).toBe(200);
      expectUnavailable(await refresh(api, kept.refresh_token), postgresUrlOf(api));
      expectUnavailable(await timedFetch(`${api.url}/auth/saml/login?${loginQuery('outage')}`));
      const bearer = { authorization: `Bearer ${kept.access_token}` };
      expectUnavailable(await timedFetch(`${api.url}/users/me`, { headers: bearer }));
      expect((await timedFetch(`${api.url}/health/ready`)).status).toBe(503);
    }
    const { login, samlResponse } = pendingLogin;
    expectUnavailable(await acs(a, samlResponse, login.relayState));
    const outageAnswersMs = Date.now() - startedAt;
    await pause(1000);

    postgres = await startPostgres();
    const recoveredInMs = await untilReady([a, b]);
    const answers = await load.stop();

    // The token issued before the outage survived the refresh attempts made during it.
    const refreshed = tokensOf(await refresh(b, kept.refresh_token));
    expect((await greet(a, refreshed.access_token)).status).toBe(200);
    // So did the login started before it: its response is accepted now.
    expect((await acs(a, samlResponse, login.relayState)).status).toBe(302);
    await expect(signIn(b)).resolves.toMatchObject({ token_type: 'Bearer' });

    const unhandled = [...a.logs, ...b.logs].join('').split('\n').filter(isUnhandled);
    expect(unhandled).toEqual([]);
    const counts = countStatuses(answers);
    console.info({ event: 'outage_figures', outageAnswersMs, recoveredInMs, counts });
    expect(counts['0'] ?? 0).toBe(0);
    expect(
      Object.keys(counts).filter((status) => Number(status) >= 500 && status !== '503'),
    ).toEqual([]);
    expect(counts['503']).toBeGreaterThan(0);
  }, 120_000);
});

/** A 503 problem document with Retry-After that names nothing about the connection. */
function expectUnavailable(answer: Answer, secret?: string): void {
  expect(answer.status).toBe(503);
  expect(answer.headers.get('retry-after')).toBe('5');
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(JSON.parse(answer.body)).toMatchObject({ status: 503, title: 'Service Unavailable' });
  expect(answer.body).not.toMatch(/postgres:\/\/|ECONNREFUSED|127\.0\.0\.1/);
  if (secret) {
    expect(answer.body).not.toContain(secret);
  }
}

function postgresUrlOf(api: ApiEndpoint): string {
  return api.env.DATABASE_URL;
}
