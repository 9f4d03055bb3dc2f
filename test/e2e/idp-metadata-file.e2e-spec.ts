import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDevIdpApp, generateDevIdpKeys } from '@app/dev-idp';
import { expectAccessDenied, DENIED } from '../support/acs-expectations';
import { ApiHarness, startApi } from '../support/api-harness';
import { freePort } from '../support/free-port';
import { idpMetadata, metadataEnvironment } from '../support/idp-metadata-server';
import { idpResponse, postAcs, signIn, startLogin } from '../support/saml-flow';

const dir = mkdtempSync(join(tmpdir(), 'idp-metadata-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function metadataFile(name: string, xml: string): string {
  const path = join(dir, name);
  writeFileSync(path, xml);
  return path;
}

describe('API configured from the dev IdP metadata file', () => {
  const keys = generateDevIdpKeys();
  let idp: INestApplication;
  let idpUrl: string;
  let issuer: string;
  let api: ApiHarness;

  beforeAll(async () => {
    const [idpPort, apiPort] = [await freePort(), await freePort()];
    idpUrl = `http://127.0.0.1:${idpPort}`;
    issuer = `${idpUrl}/exkdevidp`;
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    idp = await createDevIdpApp(
      {
        issuer,
        spEntityId: `${apiUrl}/auth/saml/metadata`,
        spAcsUrl: `${apiUrl}/auth/saml/acs`,
        publicUrl: idpUrl,
        keys,
      },
      { logger: false },
    );
    await idp.listen(idpPort, '127.0.0.1');
    // What an administrator does: download the IdP's metadata and name the file.
    const served = await fetch(`${idpUrl}/metadata`);
    const file = metadataFile('dev-idp.xml', await served.text());
    api = await startApi({
      port: apiPort,
      idpKeys: keys,
      env: metadataEnvironment('SAML_IDP_METADATA_FILE', file),
    });
  });

  afterAll(async () => {
    await api?.close();
    await idp?.close();
  });

  it('sends the browser to the SSO URL the metadata names', async () => {
    const query = new URLSearchParams({
      redirect_uri: api.env.FRONTEND_REDIRECT_URIS,
      state: 's',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    const login = await fetch(`${api.url}/auth/saml/login?${query.toString()}`, {
      redirect: 'manual',
    });
    const location = new URL(login.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(`${idpUrl}/sso`);
  });

  it('completes a sign-in signed by the key the metadata publishes', async () => {
    const tokens = await signIn(api, { issuer });
    expect(tokens.token_type).toBe('Bearer');
  });

  it('refuses a response whose issuer is not the metadata entityID', async () => {
    const login = await startLogin(api);
    const response = idpResponse(api, login, { issuer: 'http://www.okta.com/someone-else' });
    await expectAccessDenied(
      await postAcs(api, response, login.relayState),
      login,
      DENIED.rejected,
    );
  });
});

describe('IdP metadata with two signing certificates', () => {
  const current = generateDevIdpKeys();
  const next = generateDevIdpKeys();
  const issuer = 'http://www.okta.example/exk-two-keys';
  let api: ApiHarness;

  beforeAll(async () => {
    const xml = idpMetadata({
      issuer,
      idpUrl: 'http://127.0.0.1:5998',
      signingKeys: [current, next],
    });
    api = await startApi({
      idpKeys: current,
      env: metadataEnvironment('SAML_IDP_METADATA_FILE', metadataFile('two-keys.xml', xml)),
    });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('accepts a response signed by either certificate', async () => {
    await expect(signIn(api, { issuer, keys: current })).resolves.toBeDefined();
    await expect(signIn(api, { issuer, keys: next })).resolves.toBeDefined();
  });

  it('refuses a response signed by a key the metadata does not publish', async () => {
    const login = await startLogin(api);
    const forged = idpResponse(api, login, { issuer, keys: generateDevIdpKeys() });
    await expectAccessDenied(await postAcs(api, forged, login.relayState), login, DENIED.rejected);
  });

  it('reports both certificates in readiness', async () => {
    const health = (await (await fetch(`${api.url}/health/ready`)).json()) as {
      info: Record<string, unknown>;
    };
    expect(health.info.idp).toEqual({ status: 'up', certificates: 2 });
  });
});
