import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { expect } from '@jest/globals';
import { createDevIdpApp, generateDevIdpKeys } from '@app/dev-idp';
import { ApiHarness, startApi, TEST_FRONTEND, TEST_IDP_ISSUER } from '../support/api-harness';
import { freePort } from '../support/free-port';

const bare = (pem: string): string => pem.replace(/-----[A-Z ]+-----|\s/g, '');

async function loginRedirect(api: ApiHarness): Promise<URL> {
  const query = new URLSearchParams({
    redirect_uri: TEST_FRONTEND,
    state: 's',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  });
  const response = await fetch(`${api.url}/auth/saml/login?${query.toString()}`, {
    redirect: 'manual',
  });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') ?? '');
}

describe('the SP signing key in development', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sp-dev-key-'));
  const idpKeys = generateDevIdpKeys();
  let api: ApiHarness;
  let idp: INestApplication;

  beforeAll(async () => {
    const idpPort = await freePort();
    const idpUrl = `http://127.0.0.1:${idpPort}`;
    api = await startApi({
      idpKeys,
      idpUrl,
      env: { NODE_ENV: 'development', DATA_DIR: dataDir },
    });
    const certPem = readFileSync(join(dataDir, 'sp', 'sp-signing-cert.pem'), 'utf8');
    idp = await createDevIdpApp(
      {
        issuer: TEST_IDP_ISSUER,
        spEntityId: api.env.SAML_SP_ENTITY_ID,
        spAcsUrl: api.env.SAML_SP_ACS_URL,
        keys: idpKeys,
        publicUrl: idpUrl,
        spCertPem: certPem,
      },
      { logger: false },
    );
    await idp.listen(idpPort, '127.0.0.1');
  });

  afterAll(async () => {
    await idp.close();
    await api.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is generated once under DATA_DIR/sp and published in SP metadata', async () => {
    const certPem = readFileSync(join(dataDir, 'sp', 'sp-signing-cert.pem'), 'utf8');
    const metadata = await (await fetch(`${api.url}/auth/saml/metadata`)).text();

    expect(metadata).toMatch(/AuthnRequestsSigned="true"/);
    expect(metadata.replace(/\s/g, '')).toContain(bare(certPem));
  });

  it('signs AuthnRequests, and the dev IdP verifies them with the SP certificate', async () => {
    const location = await loginRedirect(api);
    expect(location.searchParams.get('Signature')).toBeTruthy();

    const page = await fetch(location, { redirect: 'manual' });

    expect(page.status).toBe(200);
  });

  it('makes the dev IdP refuse a request whose signature does not verify', async () => {
    const location = await loginRedirect(api);
    const signature = location.searchParams.get('Signature') ?? '';
    const flipped = (signature.startsWith('A') ? 'B' : 'A') + signature.slice(1);
    location.searchParams.set('Signature', flipped);

    const page = await fetch(location, { redirect: 'manual' });

    expect(page.status).toBe(400);
    expect(await page.text()).toMatch(/AuthnRequest signature refused/);
  });
});

describe('the SP signing key in tests and production', () => {
  it('is not generated: AuthnRequests stay unsigned unless a key is configured', async () => {
    const api = await startApi();
    try {
      const location = await loginRedirect(api);
      const metadata = await (await fetch(`${api.url}/auth/saml/metadata`)).text();

      expect(location.searchParams.get('Signature')).toBeNull();
      expect(metadata).not.toMatch(/AuthnRequestsSigned="true"/);
    } finally {
      await api.close();
    }
  });
});
