import { generateKeyPairSync } from 'node:crypto';
import { generateDevIdpKeys } from '@app/dev-idp';
import { buildAppConfig } from './app-config';
import { InvalidConfigurationError, validateEnvironment } from './validate-environment';

const sp = generateDevIdpKeys();
const other = generateDevIdpKeys();
const idpCert = generateDevIdpKeys().certPem;

const baseEnv = {
  SAML_IDP_SSO_URL: 'https://example.okta.com/app/x/sso/saml',
  SAML_IDP_ISSUER: 'http://www.okta.com/exk123',
  SAML_IDP_CERT: idpCert,
  SAML_SP_ENTITY_ID: 'https://api.example.com/auth/saml/metadata',
  SAML_SP_ACS_URL: 'https://api.example.com/auth/saml/acs',
  FRONTEND_REDIRECT_URIS: 'https://app.example.com/callback',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    validateEnvironment({ ...baseEnv, ...env });
  } catch (error) {
    if (error instanceof InvalidConfigurationError) {
      return error.problems;
    }
    throw error;
  }
  return [];
}

describe('SP decryption settings', () => {
  it('are off by default: no key, encryption not required', () => {
    const config = buildAppConfig(validateEnvironment(baseEnv));
    expect(config.saml.spDecryption).toBeNull();
    expect(config.saml.requireEncryptedAssertions).toBe(false);
  });

  it('read a key and its certificate, with \\n escapes as a one-line .env holds them', () => {
    const env = validateEnvironment({
      ...baseEnv,
      SAML_SP_DECRYPTION_KEY: sp.privateKeyPem.replace(/\n/g, '\\n'),
      SAML_SP_DECRYPTION_CERT: sp.certPem,
      SAML_REQUIRE_ENCRYPTED_ASSERTIONS: 'true',
    });
    const { saml } = buildAppConfig(env);
    expect(saml.spDecryption).toEqual({
      privateKeyPem: sp.privateKeyPem,
      certificatePem: sp.certPem,
    });
    expect(saml.requireEncryptedAssertions).toBe(true);
  });

  it('accept the certificate as bare base64, as Okta shows certificates', () => {
    const bare = sp.certPem.replace(/-----[A-Z ]+-----|\s/g, '');
    const { saml } = buildAppConfig(
      validateEnvironment({
        ...baseEnv,
        SAML_SP_DECRYPTION_KEY: sp.privateKeyPem,
        SAML_SP_DECRYPTION_CERT: bare,
      }),
    );
    expect(saml.spDecryption?.certificatePem).toBe(sp.certPem);
  });

  it('refuse to require encryption without a key, in one message like the others', () => {
    expect(problemsOf({ SAML_REQUIRE_ENCRYPTED_ASSERTIONS: 'true' })).toEqual([
      'SAML_REQUIRE_ENCRYPTED_ASSERTIONS: true needs SAML_SP_DECRYPTION_KEY and ' +
        'SAML_SP_DECRYPTION_CERT',
    ]);
  });

  it('refuse a key without its certificate, and the reverse', () => {
    const expected = [
      'SAML_SP_DECRYPTION_KEY and SAML_SP_DECRYPTION_CERT: set both to decrypt assertions, ' +
        'or neither',
    ];
    expect(problemsOf({ SAML_SP_DECRYPTION_KEY: sp.privateKeyPem })).toEqual(expected);
    expect(problemsOf({ SAML_SP_DECRYPTION_CERT: sp.certPem })).toEqual(expected);
  });

  it('refuse a certificate of another key pair', () => {
    expect(
      problemsOf({
        SAML_SP_DECRYPTION_KEY: sp.privateKeyPem,
        SAML_SP_DECRYPTION_CERT: other.certPem,
      }),
    ).toEqual(['SAML_SP_DECRYPTION_CERT: does not match SAML_SP_DECRYPTION_KEY']);
  });

  it('refuse unreadable values without echoing the key', () => {
    const problems = problemsOf({
      SAML_SP_DECRYPTION_KEY: 'not-a-key-secret',
      SAML_SP_DECRYPTION_CERT: 'not a certificate',
    });
    expect(problems).toEqual([
      'SAML_SP_DECRYPTION_KEY: not a readable PEM private key',
      'SAML_SP_DECRYPTION_CERT: not one valid X.509 certificate',
    ]);
    expect(problems.join('\n')).not.toContain('not-a-key-secret');
  });

  it('refuse a key that is not RSA', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const problems = problemsOf({
      SAML_SP_DECRYPTION_KEY: ec.export({ type: 'pkcs8', format: 'pem' }).toString(),
      SAML_SP_DECRYPTION_CERT: sp.certPem,
    });
    expect(problems).toContain(
      'SAML_SP_DECRYPTION_KEY: a ec key; XML Encryption key transport needs an RSA key',
    );
  });
});
