import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDevIdpKeys } from '@app/dev-idp';
import { TEST_FRONTEND, TEST_IDP_ISSUER } from '../support/api-harness';
import { buildApiInto, waitUntilReady } from '../support/built-api';
import { freePort } from '../support/free-port';
import { accepts, pause, slowTokenRequest } from '../support/slow-request';

const BUILD_TIMEOUT_MS = 180_000;

function exited(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
}

/**
 * The real process on the real signal: `node main.js` on an embedded Postgres of its own gets
 * SIGTERM with a request in flight. It stops accepting, answers that request (from the
 * database), stops the embedded Postgres and exits.
 */
describe('SIGTERM on the API process', () => {
  let build: ReturnType<typeof buildApiInto> | undefined;
  let dataDir: string | undefined;

  beforeAll(() => {
    build = buildApiInto('sigterm-e2e');
    dataDir = mkdtempSync(join(tmpdir(), 'saml-jwt-sigterm-'));
    // Postgres may run as its own user (when we are root) and must reach the cluster folder.
    chmodSync(dataDir, 0o755);
  }, BUILD_TIMEOUT_MS);

  afterAll(() => {
    build?.remove();
    if (dataDir) {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('drains, closes the pool, stops the embedded Postgres and exits', async () => {
    const [port, databasePort] = [await freePort(), await freePort()];
    const url = `http://127.0.0.1:${port}`;
    const output: string[] = [];
    const child = spawn(process.execPath, [build?.mainJs ?? ''], {
      // No .env in the data folder: only what is given here configures the process.
      cwd: dataDir,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DATABASE_EMBEDDED_PORT: String(databasePort),
        SAML_IDP_SSO_URL: 'http://127.0.0.1:5998/sso',
        SAML_IDP_ISSUER: TEST_IDP_ISSUER,
        SAML_IDP_CERT: generateDevIdpKeys().certPem,
        SAML_SP_ENTITY_ID: `${url}/auth/saml/metadata`,
        SAML_SP_ACS_URL: `${url}/auth/saml/acs`,
        FRONTEND_REDIRECT_URIS: TEST_FRONTEND,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    const exit = exited(child);
    try {
      await waitUntilReady(url, child);
      const inFlight = slowTokenRequest(url);
      await pause(100);

      child.kill('SIGTERM');
      await pause(300);
      expect(child.exitCode).toBeNull();
      expect(await accepts(port)).toBe(false);

      inFlight.finish();
      const response = await inFlight.response;
      expect(response).toMatchObject({ status: 400, connection: 'close' });
      expect(JSON.parse(response.body)).toMatchObject({ error: 'invalid_grant' });

      const { code, signal } = await exit;
      // Nest re-raises the signal once closed, so the process ends "killed by SIGTERM".
      expect(code === 0 || signal === 'SIGTERM').toBe(true);
      expect(await accepts(databasePort)).toBe(false);
      const logged = output.join('');
      expect(logged).toContain('"event":"shutdown_draining"');
      expect(logged).toContain('"event":"embedded_postgres_stopped"');
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
    }
  }, 120_000);
});
