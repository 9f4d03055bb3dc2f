import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { generateDevIdpKeys } from '@app/dev-idp';
import { AppConfig, buildAppConfig } from './app-config';
import { IdpSettings } from './idp-metadata';
import { EnvironmentVariables } from './environment-variables';
import { InvalidConfigurationError, validateEnvironment } from './validate-environment';

const idpCert = generateDevIdpKeys().certPem;

function validEnv(
  overrides: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return {
    SAML_IDP_SSO_URL: 'https://example.okta.com/app/x/sso/saml',
    SAML_IDP_ISSUER: 'http://www.okta.com/exk123',
    SAML_IDP_CERT: idpCert,
    SAML_SP_ENTITY_ID: 'https://api.example.com/auth/saml/metadata',
    SAML_SP_ACS_URL: 'https://api.example.com/auth/saml/acs',
    FRONTEND_REDIRECT_URIS: 'https://app.example.com/callback, http://localhost:5173/callback',
    ...overrides,
  };
}

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    validateEnvironment(env);
  } catch (error) {
    if (error instanceof InvalidConfigurationError) {
      return error.problems;
    }
    throw error;
  }
  return [];
}

describe(validateEnvironment.name, () => {
  it('accepts a minimal environment and fills in the defaults', () => {
    const config = buildAppConfig(validateEnvironment(validEnv()));
    expect(config.http).toEqual({
      port: 3000,
      host: '127.0.0.1',
      shutdownTimeoutMs: 10_000,
      trustProxy: false,
    });
    expect(config.auth).toMatchObject({
      roleGrants: [{ role: 'admin', groups: ['Admins'] }],
      rateLimitPerMinute: 60,
    });
    expect(config.audit).toEqual({ retentionDays: 90 });
    expect(config.openApi).toEqual({ enabled: true, path: 'docs' });
    expect(config.saml.idpSource).toMatchObject({ kind: 'variables' });
    expect(staticIdpSettings(config).certificates).toHaveLength(1);
    expect(config.saml.clockSkewMs).toBe(60_000);
    expect(config.auth.corsOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(config.jwt).toMatchObject({
      algorithm: 'RS256',
      issuer: 'https://api.example.com',
      accessTokenTtlSeconds: 600,
    });
  });

  it('names every problem in one error', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      SAML_IDP_SSO_URL: 'not a url',
      SAML_IDP_CERT: 'not-a-certificate',
      FRONTEND_REDIRECT_URIS: 'javascript:alert(1)',
      SAML_WANT_RESPONSE_SIGNED: 'maybe',
    });
    const variables = problems.map((problem) => problem.split(':')[0]);
    expect(variables).toEqual(
      expect.arrayContaining([
        'PORT',
        'SAML_IDP_SSO_URL',
        'SAML_IDP_ISSUER',
        'SAML_SP_ENTITY_ID',
        'SAML_SP_ACS_URL',
        'SAML_WANT_RESPONSE_SIGNED',
        'FRONTEND_REDIRECT_URIS',
        'SAML_IDP_CERT',
      ]),
    );
  });

  it('requires DATABASE_URL and JWT_PRIVATE_KEY in production, without echoing secrets', () => {
    const problems = problemsOf(validEnv({ NODE_ENV: 'production' }));
    expect(problems.join('\n')).toMatch(/DATABASE_URL/);
    expect(problems.join('\n')).toMatch(/JWT_PRIVATE_KEY/);

    const leaked = problemsOf(
      validEnv({ NODE_ENV: 'production', JWT_PRIVATE_KEY: 'super-secret-value' }),
    );
    expect(leaked.join('\n')).toMatch(/JWT_PRIVATE_KEY: not a readable PEM private key/);
    expect(leaked.join('\n')).not.toContain('super-secret-value');
  });

  it('refuses a key that does not fit the algorithm', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      format: 'pem',
      type: 'pkcs8',
    });
    expect(problemsOf(validEnv({ JWT_PRIVATE_KEY: String(rsa), JWT_ALGORITHM: 'ES256' }))).toEqual([
      'JWT_PRIVATE_KEY: a rsa key does not fit JWT_ALGORITHM ES256',
    ]);
    expect(problemsOf(validEnv({ JWT_PRIVATE_KEY: String(rsa) }))).toEqual([]);
    expect(problemsOf(validEnv({ JWT_PRIVATE_KEY: ecKey() }))).toEqual([
      'JWT_PRIVATE_KEY: a ec key does not fit JWT_ALGORITHM RS256',
    ]);
  });

  it('turns the OpenAPI page off in production unless enabled', () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/app',
      JWT_PRIVATE_KEY: ecKey(),
      JWT_ALGORITHM: 'ES256',
    };
    expect(buildAppConfig(validateEnvironment(validEnv(production))).openApi.enabled).toBe(false);
    const enabled = validEnv({ ...production, OPENAPI_ENABLED: 'true', OPENAPI_PATH: '/api/docs' });
    expect(buildAppConfig(validateEnvironment(enabled)).openApi).toEqual({
      enabled: true,
      path: 'api/docs',
    });
    expect(problemsOf(validEnv({ OPENAPI_PATH: '../docs' }))).toEqual([
      expect.stringMatching(/^OPENAPI_PATH:/),
    ]);
  });

  it('trusts X-Forwarded-For only from the proxies it is told about', () => {
    const trust = (value: string): unknown =>
      buildAppConfig(validateEnvironment(validEnv({ TRUST_PROXY: value }))).http.trustProxy;
    expect(trust('1')).toBe(1);
    expect(trust('loopback, 10.0.0.0/8, fd00::/8')).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8']);
    expect(problemsOf(validEnv({ TRUST_PROXY: 'true' }))).toEqual([
      expect.stringMatching(/^TRUST_PROXY: "true"/),
    ]);
    expect(problemsOf(validEnv({ TRUST_PROXY: '10.0.0.0/33' }))).toHaveLength(1);
  });

  it('reads the admin groups as a comma-separated list', () => {
    const config = buildAppConfig(
      validateEnvironment(validEnv({ AUTH_ADMIN_GROUPS: 'Ops, Security Admins' })),
    );
    expect(config.auth.roleGrants).toEqual([{ role: 'admin', groups: ['Ops', 'Security Admins'] }]);
  });

  it('merges AUTH_ROLE_MAPPING with AUTH_ADMIN_GROUPS', () => {
    const grants = (env: Record<string, string>) =>
      buildAppConfig(validateEnvironment(validEnv(env))).auth.roleGrants;

    expect(grants({ AUTH_ROLE_MAPPING: 'editor=Editors' })).toEqual([
      { role: 'editor', groups: ['Editors'] },
      { role: 'admin', groups: ['Admins'] },
    ]);
    // A mapping that names the admin groups replaces the unwritten default `Admins`.
    expect(grants({ AUTH_ROLE_MAPPING: 'admin=Okta Admins' })).toEqual([
      { role: 'admin', groups: ['Okta Admins'] },
    ]);
    expect(grants({ AUTH_ROLE_MAPPING: 'admin=Okta Admins', AUTH_ADMIN_GROUPS: 'Ops' })).toEqual([
      { role: 'admin', groups: ['Okta Admins', 'Ops'] },
    ]);
  });

  it('names a bad role mapping and an attribute list without names', () => {
    expect(
      problemsOf(validEnv({ AUTH_ROLE_MAPPING: 'Editors', SAML_ATTRIBUTE_GROUPS: ' , ' })),
    ).toEqual([
      'SAML_ATTRIBUTE_GROUPS: names no attribute (a comma-separated list of attribute names)',
      expect.stringMatching(/^AUTH_ROLE_MAPPING: "Editors" has no "="/),
    ]);
  });

  it('reads attribute names as lists, Okta names first by default', () => {
    const { saml } = buildAppConfig(validateEnvironment(validEnv()));
    expect(saml.attributes.email[0]).toBe('email');
    expect(saml.attributes.groups).toContain(
      'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups',
    );
    expect(saml.groupsSeparator).toBeNull();

    const custom = buildAppConfig(
      validateEnvironment(
        validEnv({
          SAML_ATTRIBUTE_EMAIL: 'mail, urn:oid:0.9.2342.19200300.100.1.3',
          SAML_GROUPS_SEPARATOR: ',',
        }),
      ),
    ).saml;
    expect(custom.attributes.email).toEqual(['mail', 'urn:oid:0.9.2342.19200300.100.1.3']);
    expect(custom.groupsSeparator).toBe(',');
  });

  it('accepts several IdP certificates, PEM or bare base64, for rotation', () => {
    const second = generateDevIdpKeys().certPem;
    const bare = (pem: string): string => pem.replace(/-----[A-Z ]+-----|\s/g, '');
    const certificatesOf = (value: string): string[] =>
      staticIdpSettings(buildAppConfig(validateEnvironment(validEnv({ SAML_IDP_CERT: value }))))
        .certificates;
    expect(certificatesOf(idpCert + second)).toHaveLength(2);
    expect(certificatesOf(`${bare(idpCert)},${bare(second)}`)).toHaveLength(2);
  });
});

describe('IdP-initiated sign-in settings', () => {
  it('is off by default, and ignores a landing page while off', () => {
    const env = validEnv({ SAML_IDP_INITIATED_REDIRECT_URI: 'https://app.example.com/callback' });
    expect(buildAppConfig(validateEnvironment(env)).saml.idpInitiatedRedirectUri).toBeNull();
  });

  it('lands on the configured redirect URI when enabled', () => {
    const env = validEnv({
      SAML_ALLOW_IDP_INITIATED: 'true',
      SAML_IDP_INITIATED_REDIRECT_URI: 'https://app.example.com/callback',
    });
    expect(buildAppConfig(validateEnvironment(env)).saml.idpInitiatedRedirectUri).toBe(
      'https://app.example.com/callback',
    );
  });

  it('names a missing or unlisted landing page along with the other problems', () => {
    expect(problemsOf(validEnv({ SAML_ALLOW_IDP_INITIATED: 'true', PORT: 'x' }))).toEqual([
      expect.stringMatching(/^PORT:/),
      'SAML_IDP_INITIATED_REDIRECT_URI: required when SAML_ALLOW_IDP_INITIATED is true',
    ]);
    const unlisted = validEnv({
      SAML_ALLOW_IDP_INITIATED: 'true',
      SAML_IDP_INITIATED_REDIRECT_URI: 'https://evil.example/callback',
    });
    expect(problemsOf(unlisted)).toEqual([
      'SAML_IDP_INITIATED_REDIRECT_URI: "https://evil.example/callback" ' +
        'is not one of FRONTEND_REDIRECT_URIS',
    ]);
  });
});

describe('.env.example', () => {
  it('documents every variable the API reads', () => {
    const example = readFileSync(join(__dirname, '../../../.env.example'), 'utf8');
    const documented = new Set(
      [...example.matchAll(/^#?\s?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]),
    );
    const read = Object.keys(validateEnvironment(validEnv())).concat(requiredWithoutDefault());
    expect(read.filter((name) => !documented.has(name))).toEqual([]);
  });
});

function ecKey(): string {
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  return String(key.export({ format: 'pem', type: 'pkcs8' }));
}

function requiredWithoutDefault(): string[] {
  const defaults = new EnvironmentVariables();
  return Object.keys(validEnv())
    .concat([
      'DATABASE_URL',
      'JWT_PRIVATE_KEY',
      'JWT_KEY_ID',
      'JWT_ISSUER',
      'JWT_AUDIENCE',
      'OPENAPI_ENABLED',
      'SAML_IDP_INITIATED_REDIRECT_URI',
      'SAML_IDP_METADATA_FILE',
      'SAML_GROUPS_SEPARATOR',
      'AUTH_ADMIN_GROUPS',
      'AUTH_ROLE_MAPPING',
    ])
    .filter((name) => !(name in defaults));
}

/** The IdP settings read at start: from the variables or a file, never a URL, in this spec. */
function staticIdpSettings(config: AppConfig): IdpSettings {
  const source = config.saml.idpSource;
  if (source.kind === 'metadata_url') {
    throw new Error('expected settings read at start');
  }
  return source.settings;
}
