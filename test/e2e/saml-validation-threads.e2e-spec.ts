import { ChildProcess, spawn } from 'node:child_process';
import { generateDevIdpKeys } from '@app/dev-idp';
import { TEST_FRONTEND, TEST_IDP_ISSUER } from '../support/api-harness';
import { buildApiInto, waitUntilReady } from '../support/built-api';
import { freePort } from '../support/free-port';
import {
  idpMetadata,
  metadataEnvironment,
  MetadataServer,
  startMetadataServer,
} from '../support/idp-metadata-server';
import { ApiEndpoint, idpResponse, postAcs, signIn, startLogin } from '../support/saml-flow';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('SAML validation on worker threads (built API)', () => {
  let removeBuild: (() => void) | undefined;
  let db: TestDatabase;
  let child: ChildProcess;
  let api: ApiEndpoint;
  let idp: MetadataServer;
  const logs: string[] = [];
  const metadataSignedBy = (keys: ReturnType<typeof generateDevIdpKeys>): string =>
    idpMetadata({ issuer: TEST_IDP_ISSUER, idpUrl: 'http://127.0.0.1:5998', signingKeys: [keys] });
  const spKeys = generateDevIdpKeys();

  beforeAll(async () => {
    // Worker threads load compiled JavaScript, so this suite runs the built API as a process.
    const build = buildApiInto('threads-e2e');
    removeBuild = () => build.remove();
    db = await createTestDatabase();
    const port = await freePort();
    const idpKeys = generateDevIdpKeys();
    // The IdP settings come from metadata refreshed every few seconds, so that a rotation can be
    // seen reaching the threads.
    idp = await startMetadataServer(metadataSignedBy(idpKeys));
    const url = `http://127.0.0.1:${port}`;
    const env: Record<string, string> = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      SAML_VALIDATION_THREADS: '2',
      ...metadataEnvironment('SAML_IDP_METADATA_URL', idp.url),
      SAML_IDP_METADATA_REFRESH_SECONDS: '5',
      SAML_SP_ENTITY_ID: `${url}/auth/saml/metadata`,
      SAML_SP_ACS_URL: `${url}/auth/saml/acs`,
      FRONTEND_REDIRECT_URIS: TEST_FRONTEND,
      AUTH_RATE_LIMIT_PER_MINUTE: '100000',
      SAML_SP_DECRYPTION_KEY: spKeys.privateKeyPem,
      SAML_SP_DECRYPTION_CERT: spKeys.certPem,
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
    await idp?.close();
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

  it('decrypts an encrypted assertion on the threads', async () => {
    const tokens = await signIn(api, { encryption: { certificatePem: spKeys.certPem } });
    expect(tokens.token_type).toBe('Bearer');
  });

  it('keeps the reason of an encryption policy refusal across the thread boundary', async () => {
    const login = await startLogin(api);
    const encryption = { certificatePem: spKeys.certPem, keyTransport: 'rsa-1_5' as const };
    const refused = await postAcs(api, idpResponse(api, login, { encryption }), login.relayState);
    expect(refused.status).toBe(302);
    await new Promise((done) => setTimeout(done, 100));
    expect(logs.join('')).toMatch(/"event":"saml_login_refused","reason":"encryption_algorithm"/);
  });

  it('validates concurrent logins, each exactly once', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => signIn(api)));
    expect(new Set(results.map((r) => r.refresh_token)).size).toBe(8);
  });

  it('validates with a rotated certificate once the metadata refresh brings it', async () => {
    const rotated = generateDevIdpKeys();
    const previous = api.idpKeys;
    idp.serve(metadataSignedBy(rotated));

    await waitForLog('"event":"idp_metadata_refreshed","changed":true', 15_000);

    await expect(signIn({ ...api, idpKeys: rotated })).resolves.toBeDefined();
    const login = await startLogin(api);
    const stale = await postAcs(api, idpResponse(api, login, { keys: previous }), login.relayState);
    expect(new URL(stale.headers.get('location') ?? '').searchParams.get('error')).toBe(
      'access_denied',
    );
  }, 30_000);

  async function waitForLog(text: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!logs.join('').includes(text)) {
      if (Date.now() > deadline) {
        throw new Error(`no log line with ${text}`);
      }
      await new Promise((done) => setTimeout(done, 100));
    }
  }
});
