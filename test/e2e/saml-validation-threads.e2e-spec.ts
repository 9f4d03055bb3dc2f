import { ChildProcess, spawn } from 'node:child_process';
import { generateDevIdpKeys } from '@app/dev-idp';
import { TEST_FRONTEND, TEST_IDP_ISSUER } from '../support/api-harness';
import { buildApiInto, waitUntilReady } from '../support/built-api';
import { freePort } from '../support/free-port';
import { ApiEndpoint, idpResponse, postAcs, signIn, startLogin } from '../support/saml-flow';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('SAML validation on worker threads (built API)', () => {
  let removeBuild: (() => void) | undefined;
  let db: TestDatabase;
  let child: ChildProcess;
  let api: ApiEndpoint;
  const logs: string[] = [];

  beforeAll(async () => {
    // Worker threads load compiled JavaScript, so this suite runs the built API as a process.
    const build = buildApiInto('threads-e2e');
    removeBuild = () => build.remove();
    db = await createTestDatabase();
    const port = await freePort();
    const idpKeys = generateDevIdpKeys();
    const url = `http://127.0.0.1:${port}`;
    const env: Record<string, string> = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      SAML_VALIDATION_THREADS: '2',
      SAML_IDP_SSO_URL: 'http://127.0.0.1:5998/sso',
      SAML_IDP_ISSUER: TEST_IDP_ISSUER,
      SAML_IDP_CERT: idpKeys.certPem,
      SAML_SP_ENTITY_ID: `${url}/auth/saml/metadata`,
      SAML_SP_ACS_URL: `${url}/auth/saml/acs`,
      FRONTEND_REDIRECT_URIS: TEST_FRONTEND,
      AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    };
    child = spawn(process.execPath, [build.mainJs], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    api = { url, env, idpKeys };
    await waitUntilReady(url, child);
  }, 180_000);

  afterAll(async () => {
    if (child?.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    await db?.drop();
    removeBuild?.();
  });

  it('starts the threads and signs in through them', async () => {
    expect(logs.join('')).toContain('"event":"saml_validation_threads","threads":2');
    const tokens = await signIn(api);
    expect(tokens.token_type).toBe('Bearer');
  });

  it('refuses on the threads what it refuses inline, with the same reason', async () => {
    const login = await startLogin(api);
    const forged = idpResponse(api, login, { keys: generateDevIdpKeys() });
    const refused = await postAcs(api, forged, login.relayState);
    expect(refused.status).toBe(302);
    expect(new URL(refused.headers.get('location') ?? '').searchParams.get('error')).toBe(
      'access_denied',
    );
    await new Promise((done) => setTimeout(done, 100));
    expect(logs.join('')).toMatch(/"event":"saml_login_refused","reason":"signature_invalid"/);
  });

  it('validates concurrent logins, each exactly once', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => signIn(api)));
    expect(new Set(results.map((r) => r.refresh_token)).size).toBe(8);
  });
});
