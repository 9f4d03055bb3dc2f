import { readDevIdpConfig } from './dev-idp.config';

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
    });
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
