import { expect } from '@jest/globals';
import { buildSignedResponse, generateDevIdpKeys } from '@app/dev-idp';
import {
  IdpSettingsSource,
  InvalidConfigurationError,
  MetadataUrlIdpSettingsSource,
} from '@app/config';
import { DENIED, expectAccessDenied } from '../support/acs-expectations';
import { ApiHarness, startApi, TEST_IDP_ISSUER } from '../support/api-harness';
import {
  idpMetadata,
  metadataEnvironment,
  MetadataServer,
  startMetadataServer,
} from '../support/idp-metadata-server';
import { EXIT_ACCEPTED, EXIT_REFUSED, EXIT_USAGE } from '../../scripts/saml-check/run-saml-check';
import { LogCapture } from '../support/log-capture';
import { samlCheck } from '../support/saml-check-run';
import { idpResponse, postAcs, signIn, startLogin } from '../support/saml-flow';

const IDP_URL = 'http://127.0.0.1:5998';

function metadataSignedBy(...signingKeys: ReturnType<typeof generateDevIdpKeys>[]): string {
  return idpMetadata({ issuer: TEST_IDP_ISSUER, idpUrl: IDP_URL, signingKeys });
}

async function readiness(api: ApiHarness): Promise<Record<string, unknown>> {
  const body = (await (await fetch(`${api.url}/health/ready`)).json()) as {
    info: Record<string, Record<string, unknown>>;
  };
  return body.info.idp;
}

/** The source behind the API; the test refreshes it now instead of waiting for the timer. */
function metadataSource(api: ApiHarness): MetadataUrlIdpSettingsSource {
  const source = api.app.get(IdpSettingsSource);
  if (!(source instanceof MetadataUrlIdpSettingsSource)) {
    throw new Error('the API was not configured from a metadata URL');
  }
  return source;
}

describe('API configured from an IdP metadata URL', () => {
  const oldKeys = generateDevIdpKeys();
  const newKeys = generateDevIdpKeys();
  const logs = new LogCapture();
  let idp: MetadataServer;
  let api: ApiHarness;

  beforeAll(async () => {
    idp = await startMetadataServer(metadataSignedBy(oldKeys));
    api = await startApi({
      idpKeys: oldKeys,
      idpUrl: IDP_URL,
      env: { ...metadataEnvironment('SAML_IDP_METADATA_URL', idp.url), LOG_LEVEL: 'info' },
      logDestination: logs,
    });
  });

  afterAll(async () => {
    await api?.close();
    await idp?.close();
  });

  async function refusedWhenSignedBy(keys: ReturnType<typeof generateDevIdpKeys>): Promise<void> {
    const login = await startLogin(api);
    const response = idpResponse(api, login, { keys });
    await expectAccessDenied(
      await postAcs(api, response, login.relayState),
      login,
      DENIED.rejected,
    );
  }

  it('fetched the metadata before listening, and signs in with its certificate', async () => {
    expect(idp.requests()).toBe(1);
    expect(logs.events()).toContain('idp_metadata_loaded');
    await expect(signIn(api, { keys: oldKeys })).resolves.toBeDefined();
    expect(await readiness(api)).toEqual({
      status: 'up',
      certificates: 1,
      confirmedAt: expect.any(String),
    });
  });

  it('takes a rotated certificate from the refreshed metadata, without a restart', async () => {
    idp.serve(metadataSignedBy(newKeys));

    await expect(metadataSource(api).refresh()).resolves.toBe(true);

    await expect(signIn(api, { keys: newKeys })).resolves.toBeDefined();
    await refusedWhenSignedBy(oldKeys);
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({ event: 'saml_login_refused', reason: 'signature_invalid' }),
    );
  });

  it.each([
    ['answers 500', 'Internal Server Error', 500, 'metadata answered HTTP 500'],
    ['serves garbage', '<<<this is not metadata', 200, 'metadata is not well-formed XML'],
  ])('keeps the last good settings when the IdP %s', async (_label, body, status, reason) => {
    idp.serve(body, status);

    await expect(metadataSource(api).refresh()).resolves.toBe(false);

    const warning = logs
      .entries()
      .findLast((entry) => entry.event === 'idp_metadata_refresh_failed');
    expect(warning).toMatchObject({ level: 40, reason, staleSince: expect.any(String) });
    expect(logs.lines.join('')).not.toContain(body);
    await expect(signIn(api, { keys: newKeys })).resolves.toBeDefined();
    await refusedWhenSignedBy(oldKeys);
    expect(await readiness(api)).toMatchObject({ status: 'up', staleSince: expect.any(String) });
  });

  it('is fresh again once the IdP serves good metadata', async () => {
    idp.serve(metadataSignedBy(newKeys, oldKeys));

    await expect(metadataSource(api).refresh()).resolves.toBe(true);

    expect(await readiness(api)).toEqual({
      status: 'up',
      certificates: 2,
      confirmedAt: expect.any(String),
    });
    await expect(signIn(api, { keys: oldKeys })).resolves.toBeDefined();
    await expect(signIn(api, { keys: newKeys })).resolves.toBeDefined();
  });
});

describe('API start with a metadata URL that does not work', () => {
  let idp: MetadataServer;

  beforeAll(async () => {
    idp = await startMetadataServer('');
  });

  afterAll(async () => {
    await idp?.close();
  });

  it.each([
    ['answers 404', 'Not Found', 404, 'answered HTTP 404'],
    ['serves a document that is not metadata', '<html></html>', 200, 'is not an EntityDescriptor'],
  ])('stops with one configuration message when the URL %s', async (_l, body, status, reason) => {
    idp.serve(body, status);

    const start = startApi({ env: metadataEnvironment('SAML_IDP_METADATA_URL', idp.url) });

    await expect(start).rejects.toThrow(InvalidConfigurationError);
    await expect(start).rejects.toThrow(
      `Invalid configuration (1):\n  - SAML_IDP_METADATA_URL: ${JSON.stringify(idp.url)} ${reason}`,
    );
  });

  it('stops with one configuration message when the URL cannot be reached', async () => {
    const gone = await startMetadataServer('');
    await gone.close();

    const start = startApi({ env: metadataEnvironment('SAML_IDP_METADATA_URL', gone.url) });

    await expect(start).rejects.toThrow(
      `SAML_IDP_METADATA_URL: ${JSON.stringify(gone.url)} could not be reached (ECONNREFUSED)`,
    );
  });
});

describe('npm run saml:check with a metadata URL', () => {
  const keys = generateDevIdpKeys();
  const sp = {
    SAML_SP_ENTITY_ID: 'https://api.example.com/auth/saml/metadata',
    SAML_SP_ACS_URL: 'https://api.example.com/auth/saml/acs',
  };
  const signedBy = (signer: ReturnType<typeof generateDevIdpKeys>): string =>
    buildSignedResponse({
      keys: signer,
      issuer: TEST_IDP_ISSUER,
      audience: sp.SAML_SP_ENTITY_ID,
      acsUrl: sp.SAML_SP_ACS_URL,
      user: { email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper', groups: [] },
    });
  const UNSOLICITED = ['r.xml', '--no-in-response-to'];
  let idp: MetadataServer;

  beforeAll(async () => {
    idp = await startMetadataServer(metadataSignedBy(keys));
  });

  afterAll(async () => {
    await idp?.close();
  });

  it('fetches the metadata once and checks against its certificates', async () => {
    const env = { ...sp, SAML_IDP_METADATA_URL: idp.url };
    const before = idp.requests();

    const accepted = await samlCheck(UNSOLICITED, env, { 'r.xml': signedBy(keys) });
    const refused = await samlCheck(UNSOLICITED, env, { 'r.xml': signedBy(generateDevIdpKeys()) });

    expect(idp.requests() - before).toBe(2);
    expect(accepted.code).toBe(EXIT_ACCEPTED);
    expect(refused.code).toBe(EXIT_REFUSED);
  });

  it('names a metadata URL it cannot use, as a configuration problem', async () => {
    idp.serve('Service Unavailable', 503);

    const run = await samlCheck(
      UNSOLICITED,
      { ...sp, SAML_IDP_METADATA_URL: idp.url },
      {
        'r.xml': signedBy(keys),
      },
    );

    expect(run.code).toBe(EXIT_USAGE);
    expect(run.err).toContain(
      `SAML_IDP_METADATA_URL: ${JSON.stringify(idp.url)} answered HTTP 503`,
    );
  });
});
