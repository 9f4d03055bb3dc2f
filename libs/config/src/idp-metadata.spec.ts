import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDevIdpKeys } from '@app/dev-idp';
import { buildAppConfig } from './app-config';
import { splitCertificates } from './certificates';
import { IdpMetadataError, parseIdpMetadata } from './idp-metadata';
import { InvalidConfigurationError, validateEnvironment } from './validate-environment';

const current = generateDevIdpKeys().certPem;
const next = generateDevIdpKeys().certPem;
const encryption = generateDevIdpKeys().certPem;
const body = (pem: string): string => pem.replace(/-----[A-Z ]+-----|\s/g, '');

function keyDescriptor(pem: string, use?: string): string {
  const useAttribute = use ? ` use="${use}"` : '';
  return `<md:KeyDescriptor${useAttribute}><ds:KeyInfo><ds:X509Data>
    <ds:X509Certificate>${body(pem)}</ds:X509Certificate>
  </ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;
}

/** Shaped like the metadata Okta serves for an app, with a second signing key as in rotation. */
const METADATA = `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="http://www.okta.com/exk123">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    ${keyDescriptor(current, 'signing')}
    ${keyDescriptor(next)}
    ${keyDescriptor(encryption, 'encryption')}
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
        Location="https://example.okta.com/app/x/exk123/sso/saml/post"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
        Location="https://example.okta.com/app/x/exk123/sso/saml"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;

const dir = mkdtempSync(join(tmpdir(), 'idp-metadata-'));
function metadataFile(xml: string): string {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(path, xml);
  return path;
}

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

describe(parseIdpMetadata.name, () => {
  it('reads the entity ID, the HTTP-Redirect SSO URL and every signing certificate', () => {
    expect(parseIdpMetadata(METADATA)).toEqual({
      issuer: 'http://www.okta.com/exk123',
      ssoUrl: 'https://example.okta.com/app/x/exk123/sso/saml',
      certificates: [...splitCertificates(current), ...splitCertificates(next)],
    });
  });

  it.each([
    ['a DOCTYPE', `<!DOCTYPE md [<!ENTITY a "b">]>${METADATA.replace(/^<\?xml.*?\?>/, '')}`],
    ['malformed XML', METADATA.replace('</md:EntityDescriptor>', '')],
    ['another root', '<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"/>'],
    ['no HTTP-Redirect binding', METADATA.replace(/HTTP-Redirect/, 'SOAP')],
  ])('refuses %s', (_label, xml) => {
    expect(() => parseIdpMetadata(xml)).toThrow(IdpMetadataError);
  });
});

describe('SAML_IDP_METADATA_FILE', () => {
  it('stands in for the three SAML_IDP_* variables', () => {
    const env = environment({ SAML_IDP_METADATA_FILE: metadataFile(METADATA) });
    const { saml } = buildAppConfig(validateEnvironment(env));
    expect(saml.idpSource).toMatchObject({
      kind: 'metadata_file',
      settings: {
        issuer: 'http://www.okta.com/exk123',
        ssoUrl: 'https://example.okta.com/app/x/exk123/sso/saml',
        certificates: [...splitCertificates(current), ...splitCertificates(next)],
      },
    });
  });

  it('conflicts with each explicit variable, naming both', () => {
    const env = environment({
      SAML_IDP_METADATA_FILE: metadataFile(METADATA),
      SAML_IDP_ISSUER: 'http://www.okta.com/exk123',
      SAML_IDP_CERT: current,
    });
    expect(problemsOf(env)).toEqual([
      'SAML_IDP_METADATA_FILE and SAML_IDP_ISSUER are both set; use one or the other',
      'SAML_IDP_METADATA_FILE and SAML_IDP_CERT are both set; use one or the other',
    ]);
  });

  it('names a file that is missing, malformed or has a DOCTYPE', () => {
    const doctype = metadataFile(`<!DOCTYPE x>${METADATA.replace(/^<\?xml.*?\?>/, '')}`);
    expect(problemsOf(environment({ SAML_IDP_METADATA_FILE: doctype }))).toEqual([
      `SAML_IDP_METADATA_FILE: ${JSON.stringify(doctype)} has a DOCTYPE, which is not allowed`,
    ]);
    const broken = metadataFile('<md:EntityDescriptor');
    expect(problemsOf(environment({ SAML_IDP_METADATA_FILE: broken }))).toEqual([
      `SAML_IDP_METADATA_FILE: ${JSON.stringify(broken)} is not well-formed XML`,
    ]);
    const missing = join(dir, 'missing.xml');
    expect(problemsOf(environment({ SAML_IDP_METADATA_FILE: missing }))).toEqual([
      `SAML_IDP_METADATA_FILE: ${JSON.stringify(missing)} cannot be read`,
    ]);
  });

  it('without it, the explicit variables are still required', () => {
    expect(problemsOf(environment({}))).toEqual([
      expect.stringMatching(/^SAML_IDP_SSO_URL:/),
      expect.stringMatching(/^SAML_IDP_ISSUER:/),
      expect.stringMatching(/^SAML_IDP_CERT:/),
    ]);
  });
});
