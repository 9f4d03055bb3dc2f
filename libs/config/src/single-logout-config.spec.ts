import { generateDevIdpKeys } from '@app/dev-idp';
import { buildAppConfig, samlConfigWith } from './app-config';
import { parseIdpMetadata } from './idp-metadata';
import { InvalidConfigurationError, validateEnvironment } from './validate-environment';

const idp = generateDevIdpKeys();
const sp = generateDevIdpKeys();
const bare = (pem: string): string => pem.replace(/-----[A-Z ]+-----|\s/g, '');

function env(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const all: Record<string, string | undefined> = {
    SAML_IDP_SSO_URL: 'https://example.okta.com/app/x/sso/saml',
    SAML_IDP_ISSUER: 'http://www.okta.com/exk123',
    SAML_IDP_CERT: idp.certPem,
    SAML_SP_ENTITY_ID: 'https://api.example.com/auth/saml/metadata',
    SAML_SP_ACS_URL: 'https://api.example.com/auth/saml/acs',
    FRONTEND_REDIRECT_URIS: 'https://app.example.com/callback',
    ...overrides,
  };
  return Object.fromEntries(
    Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

function problemsOf(variables: Record<string, string>): string[] {
  try {
    validateEnvironment(variables);
    return [];
  } catch (error) {
    if (error instanceof InvalidConfigurationError) {
      return error.problems;
    }
    throw error;
  }
}

describe('single logout configuration', () => {
  const signing = { SAML_SP_PRIVATE_KEY: sp.privateKeyPem, SAML_SP_CERT: sp.certPem };

  it('is off by default, with our endpoint derived from the ACS origin', () => {
    const config = buildAppConfig(validateEnvironment(env()));
    expect(config.saml.idpSloUrl).toBeNull();
    expect(config.saml.spSloUrl).toBe('https://api.example.com/auth/saml/slo');
  });

  it('turns on with the IdP SLO URL and the SP signing key', () => {
    const config = buildAppConfig(
      validateEnvironment(
        env({
          ...signing,
          SAML_IDP_SLO_URL: 'https://example.okta.com/app/x/slo/saml',
          SAML_SP_SLO_URL: 'https://api.example.com/custom/slo',
        }),
      ),
    );
    expect(config.saml.idpSloUrl).toBe('https://example.okta.com/app/x/slo/saml');
    expect(config.saml.spSloUrl).toBe('https://api.example.com/custom/slo');
  });

  it('refuses an IdP SLO URL without the key to sign logout messages', () => {
    const problems = problemsOf(env({ SAML_IDP_SLO_URL: 'https://example.okta.com/slo' }));
    expect(problems).toEqual([
      expect.stringMatching(/^SAML_IDP_SLO_URL: needs SAML_SP_PRIVATE_KEY/),
    ]);
  });

  it('refuses an IdP SLO URL beside either metadata variable: the metadata names it', () => {
    const idpVariables = { SAML_IDP_SSO_URL: undefined, SAML_IDP_ISSUER: undefined };
    const sloUrl = 'https://example.okta.com/slo';
    for (const name of ['SAML_IDP_METADATA_FILE', 'SAML_IDP_METADATA_URL']) {
      const location = name.endsWith('URL') ? 'https://example.okta.com/metadata' : '/tmp/md.xml';
      const problems = problemsOf(
        env({
          ...signing,
          ...idpVariables,
          SAML_IDP_CERT: undefined,
          [name]: location,
          SAML_IDP_SLO_URL: sloUrl,
        }),
      );
      expect(problems).toContain(
        `${name} and SAML_IDP_SLO_URL are both set; the metadata names the SLO URL`,
      );
    }
  });

  it('refuses a URL that is not http(s)', () => {
    const problems = problemsOf(env({ ...signing, SAML_IDP_SLO_URL: 'javascript:alert(1)' }));
    expect(problems.map((problem) => problem.split(':')[0])).toContain('SAML_IDP_SLO_URL');
  });

  it("takes the metadata's HTTP-Redirect SingleLogoutService only when it can sign", () => {
    const metadata = parseIdpMetadata(
      '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="urn:idp">' +
        '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">' +
        '<md:KeyDescriptor use="signing">' +
        '<ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">' +
        `<ds:X509Data><ds:X509Certificate>${bare(idp.certPem)}</ds:X509Certificate></ds:X509Data>` +
        '</ds:KeyInfo></md:KeyDescriptor>' +
        '<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" ' +
        'Location="https://idp.example/slo/post"/>' +
        '<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" ' +
        'Location="https://idp.example/slo/redirect"/>' +
        '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" ' +
        'Location="https://idp.example/sso"/>' +
        '</md:IDPSSODescriptor></md:EntityDescriptor>',
    );
    expect(metadata.sloUrl).toBe('https://idp.example/slo/redirect');
    const withKey = buildAppConfig(validateEnvironment(env(signing)));
    expect(samlConfigWith(withKey.saml, metadata).idpSloUrl).toBe(
      'https://idp.example/slo/redirect',
    );
    const withoutKey = buildAppConfig(validateEnvironment(env()));
    expect(samlConfigWith(withoutKey.saml, metadata).idpSloUrl).toBeNull();
  });
});
