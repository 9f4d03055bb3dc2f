import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { generateDevIdpKeys } from '@app/dev-idp';
import { buildAppConfig } from './app-config';
import { IDP_METADATA_MAX_BYTES } from './idp-metadata.fetcher';
import { loadIdpSettings } from './idp-source';
import { InvalidConfigurationError, validateEnvironment } from './validate-environment';

const METADATA_URL = 'https://example.okta.com/app/exk123/sso/saml/metadata';

function environment(overrides: Record<string, string>): Record<string, string> {
  return {
    SAML_SP_ENTITY_ID: 'https://api.example.com/auth/saml/metadata',
    SAML_SP_ACS_URL: 'https://api.example.com/auth/saml/acs',
    FRONTEND_REDIRECT_URIS: 'https://app.example.com/callback',
    ...overrides,
  };
}

function problemsOf(env: Record<string, string>): string[] {
  try {
    validateEnvironment(env);
    return [];
  } catch (error) {
    return error instanceof InvalidConfigurationError ? error.problems : ['unexpected'];
  }
}

describe('SAML_IDP_METADATA_URL', () => {
  it('stands in for the three SAML_IDP_* variables, refreshed hourly by default', () => {
    const config = buildAppConfig(
      validateEnvironment(environment({ SAML_IDP_METADATA_URL: METADATA_URL })),
    );
    expect(config.saml.idpSource).toEqual({
      kind: 'metadata_url',
      url: METADATA_URL,
      refreshIntervalMs: 3_600_000,
      timeoutMs: 5000,
      maxBytes: IDP_METADATA_MAX_BYTES,
    });
  });

  it('takes the refresh interval and the time limit from the environment', () => {
    const env = environment({
      SAML_IDP_METADATA_URL: METADATA_URL,
      SAML_IDP_METADATA_REFRESH_SECONDS: '600',
      SAML_IDP_METADATA_TIMEOUT_MS: '2000',
    });
    expect(buildAppConfig(validateEnvironment(env)).saml.idpSource).toMatchObject({
      refreshIntervalMs: 600_000,
      timeoutMs: 2000,
    });
  });

  it('conflicts with a metadata file and with each explicit variable', () => {
    const env = environment({
      SAML_IDP_METADATA_URL: METADATA_URL,
      SAML_IDP_ISSUER: 'http://www.okta.com/exk123',
      SAML_IDP_CERT: generateDevIdpKeys().certPem,
      SAML_IDP_METADATA_FILE: '/etc/app/okta-metadata.xml',
    });
    expect(problemsOf(env)).toEqual(
      expect.arrayContaining([
        'SAML_IDP_METADATA_URL and SAML_IDP_ISSUER are both set; use one or the other',
        'SAML_IDP_METADATA_URL and SAML_IDP_CERT are both set; use one or the other',
        'SAML_IDP_METADATA_URL and SAML_IDP_METADATA_FILE are both set; use one or the other',
      ]),
    );
  });

  it('must be https in production, and may be http elsewhere', () => {
    const http = { SAML_IDP_METADATA_URL: 'http://127.0.0.1:7000/metadata' };
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db.internal/app',
      JWT_PRIVATE_KEY: 'unused here',
    };
    expect(problemsOf(environment({ ...http, ...production }))).toContain(
      'SAML_IDP_METADATA_URL: must be an https URL when NODE_ENV is production',
    );
    expect(problemsOf(environment({ ...http, NODE_ENV: 'development' }))).toEqual([]);
  });

  it('refuses what is not an http(s) URL, and intervals out of range', () => {
    const problems = problemsOf(
      environment({
        SAML_IDP_METADATA_URL: 'file:///etc/passwd',
        SAML_IDP_METADATA_REFRESH_SECONDS: '1',
        SAML_IDP_METADATA_TIMEOUT_MS: '0',
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SAML_IDP_METADATA_URL: .*URL/),
        expect.stringMatching(/^SAML_IDP_METADATA_REFRESH_SECONDS: /),
        expect.stringMatching(/^SAML_IDP_METADATA_TIMEOUT_MS: /),
      ]),
    );
  });
});

describe(loadIdpSettings.name, () => {
  it('reports a URL it cannot fetch as a configuration problem naming the URL', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/metadata`;
    const load = loadIdpSettings({
      kind: 'metadata_url',
      url,
      refreshIntervalMs: 60_000,
      timeoutMs: 1000,
      maxBytes: 1024,
    });
    await expect(load).rejects.toThrow(InvalidConfigurationError);
    await expect(load).rejects.toThrow(
      `SAML_IDP_METADATA_URL: ${JSON.stringify(url)} could not be reached (ECONNREFUSED)`,
    );
  });
});

/** A loopback port that was just free and now has nothing listening. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}
