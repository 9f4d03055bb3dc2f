import { readDevIdpConfig } from './dev-idp.config';
import { generateDevIdpKeys } from './keys/dev-idp-keys';

describe('readDevIdpConfig', () => {
  it('defaults to a loopback IdP for the local API', () => {
    expect(readDevIdpConfig({})).toEqual({
      port: 7000,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:7000',
      issuer: 'http://localhost:7000/exkdevidp',
      spEntityId: 'http://localhost:3000/auth/saml/metadata',
      spAcsUrl: 'http://localhost:3000/auth/saml/acs',
      keysDir: '.data/dev-idp',
      spCertPem: null,
      encryptionCertPem: null,
    });
  });

  it('encrypts assertions to the SP certificate when asked, from either variable', () => {
    const { certPem } = generateDevIdpKeys();
    const escaped = certPem.replace(/\n/g, '\\n');

    const on = { DEV_IDP_ENCRYPT_ASSERTIONS: 'true' };
    expect(readDevIdpConfig({ ...on, DEV_IDP_SP_ENCRYPTION_CERT: certPem }).encryptionCertPem).toBe(
      certPem,
    );
    expect(readDevIdpConfig({ ...on, SAML_SP_DECRYPTION_CERT: escaped }).encryptionCertPem).toBe(
      certPem,
    );
    expect(readDevIdpConfig({ DEV_IDP_SP_ENCRYPTION_CERT: certPem }).encryptionCertPem).toBeNull();
    expect(() => readDevIdpConfig(on)).toThrow(
      /DEV_IDP_ENCRYPT_ASSERTIONS needs the SP certificate/,
    );
  });

  it('reads the SP certificate that signed requests are checked with', () => {
    const { certPem } = generateDevIdpKeys();

    expect(readDevIdpConfig({ DEV_IDP_SP_CERT: certPem }).spCertPem).toBe(certPem);
    expect(() => readDevIdpConfig({ DEV_IDP_SP_CERT: 'not a certificate' })).toThrow(
      /DEV_IDP_SP_CERT must be a PEM certificate/,
    );
  });

  it('derives the issuer from the public URL unless given', () => {
    const config = readDevIdpConfig({ DEV_IDP_PUBLIC_URL: 'http://127.0.0.1:7100/' });

    expect(config.publicUrl).toBe('http://127.0.0.1:7100');
    expect(config.issuer).toBe('http://127.0.0.1:7100/exkdevidp');
    expect(readDevIdpConfig({ DEV_IDP_ISSUER: 'urn:dev-idp' }).issuer).toBe('urn:dev-idp');
  });

  it('names every problem in one message', () => {
    const read = () =>
      readDevIdpConfig({
        DEV_IDP_PORT: 'seventy',
        DEV_IDP_PUBLIC_URL: 'localhost',
        DEV_IDP_SP_ACS_URL: 'ftp://x',
      });

    expect(read).toThrow(/DEV_IDP_PORT.*DEV_IDP_PUBLIC_URL.*DEV_IDP_SP_ACS_URL/);
  });
});
