import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateDevIdpKeys } from '@app/dev-idp';
import { TEST_FRONTEND, TEST_IDP_ISSUER } from '../support/api-harness';
import { freePort } from '../support/free-port';
import { ApiEndpoint, idpResponse, postAcs, signIn, startLogin } from '../support/saml-flow';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const ROOT = resolve(__dirname, '../..');
// Inside node_modules, so that the built files resolve their dependencies as dist/ does.
const BUILD_DIR = join(ROOT, 'node_modules', '.cache', `threads-e2e-${process.pid}`);

/** Worker threads load compiled JavaScript, so this suite runs the built API as a process. */
function buildApi(): void {
  const bin = (name: string): string => join(ROOT, 'node_modules', '.bin', name);
  const args = ['-p', join(ROOT, 'tsconfig.build.json'), '--outDir', BUILD_DIR];
  execFileSync(bin('tsc'), args, { cwd: ROOT, stdio: 'pipe' });
  execFileSync(bin('tsc-alias'), args, { cwd: ROOT, stdio: 'pipe' });
}

async function waitUntilReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && child.exitCode === null) {
    const healthy = await fetch(`${url}/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (healthy) {
      return;
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error('the API did not become ready');
}

describe('SAML validation on worker threads (built API)', () => {
  let db: TestDatabase;
  let child: ChildProcess;
  let api: ApiEndpoint;
  const logs: string[] = [];

  beforeAll(async () => {
    buildApi();
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
    child = spawn(process.execPath, [join(BUILD_DIR, 'apps/api/src/main.js')], {
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
    rmSync(BUILD_DIR, { recursive: true, force: true });
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
