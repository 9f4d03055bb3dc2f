import { INestApplication } from '@nestjs/common';
import { deflateRawSync } from 'node:zlib';
import { createDevIdpApp } from './dev-idp.app';
import { DevIdpOptions } from './dev-idp-options';
import { generateDevIdpKeys } from './keys/dev-idp-keys';
import { elementsByLocalName, hasValidSignature } from './testing/xml-signature.test-helper';

const options: DevIdpOptions = {
  issuer: 'http://localhost:7000/exkdevidp',
  spEntityId: 'http://localhost:3000/auth/saml/metadata',
  spAcsUrl: 'http://localhost:3000/auth/saml/acs',
  publicUrl: 'http://localhost:7000',
  keys: generateDevIdpKeys(),
};

function samlRequest(id: string, issuer = options.spEntityId, acsUrl = options.spAcsUrl): string {
  const xml =
    '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" Version="2.0" ' +
    `ID="${id}" IssueInstant="${new Date().toISOString()}" ` +
    `AssertionConsumerServiceURL="${acsUrl}">` +
    `<saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${issuer}</saml:Issuer>` +
    '</samlp:AuthnRequest>';
  return deflateRawSync(xml).toString('base64');
}

const hiddenValue = (html: string, name: string): string | undefined =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];

const decodeResponse = (html: string): string =>
  Buffer.from(hiddenValue(html, 'SAMLResponse') ?? '', 'base64').toString('utf8');

describe('dev IdP over HTTP', () => {
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    app = await createDevIdpApp(options, { logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });

  afterAll(async () => {
    await app.close();
  });

  const getSso = (params: Record<string, string>) =>
    fetch(`${baseUrl}/sso?${new URLSearchParams(params).toString()}`);
  const complete = (form: Record<string, string>) =>
    fetch(`${baseUrl}/sso/complete`, { method: 'POST', body: new URLSearchParams(form) });

  it('serves IdP metadata with the signing certificate and the SSO endpoint', async () => {
    const res = await fetch(`${baseUrl}/metadata`);
    const xml = await res.text();
    const sso = elementsByLocalName(xml, 'SingleSignOnService')[0];

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/samlmetadata\+xml/);
    expect(elementsByLocalName(xml, 'EntityDescriptor')[0]?.getAttribute('entityID')).toBe(
      options.issuer,
    );
    expect(sso?.getAttribute('Location')).toBe('http://localhost:7000/sso');
    expect(sso?.getAttribute('Binding')).toBe('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect');
    expect(elementsByLocalName(xml, 'X509Certificate')[0]?.textContent).toBe(
      options.keys.certPem.replace(/-----[A-Z ]+-----|\s/g, ''),
    );
  });

  it('shows the preset users and the custom form for a valid AuthnRequest', async () => {
    const res = await getSso({ SAMLRequest: samlRequest('_login1'), RelayState: 'relay-1' });
    const html = await res.text();

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'nonce-");
    expect(html).toContain('data-testid="signin-ada"');
    expect(html).toContain('Sign in as Ada Lovelace');
    expect(html).toContain('data-testid="signin-grace"');
    expect(html).toContain('data-testid="signin-custom"');
    expect(hiddenValue(html, 'requestId')).toBe('_login1');
    expect(hiddenValue(html, 'RelayState')).toBe('relay-1');
  });

  it('escapes the RelayState it echoes into the page', async () => {
    const relayState = '"><script>alert(1)</script>';
    const res = await getSso({ SAMLRequest: samlRequest('_x'), RelayState: relayState });
    const html = await res.text();

    expect(html).not.toContain('<script>alert(1)');
    expect(hiddenValue(html, 'RelayState')).toBe('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it.each([
    ['no SAMLRequest', {}],
    ['an unknown SP', { SAMLRequest: samlRequest('_a', 'urn:someone-else') }],
    ['another ACS URL', { SAMLRequest: samlRequest('_a', undefined, 'http://evil.test/acs') }],
    ['a malformed SAMLRequest', { SAMLRequest: 'not-deflate' }],
  ])('refuses a login with %s as plain text 400', async (_case, params: Record<string, string>) => {
    const res = await getSso(params);

    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect((await res.text()).length).toBeGreaterThan(0);
  });

  it('returns an auto-post form with a verifiable SAMLResponse for a preset user', async () => {
    const res = await complete({ requestId: '_login1', RelayState: 'relay-1', preset: 'ada' });
    const html = await res.text();
    const xml = decodeResponse(html);

    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(html).toContain(`action="${options.spAcsUrl}"`);
    expect(html).toContain('.submit()');
    expect(html).toContain('data-testid="continue"');
    expect(hiddenValue(html, 'RelayState')).toBe('relay-1');
    expect(hasValidSignature(xml, 'Response', options.keys.certPem)).toBe(true);
    expect(hasValidSignature(xml, 'Assertion', options.keys.certPem)).toBe(true);
    expect(elementsByLocalName(xml, 'Response')[0]?.getAttribute('InResponseTo')).toBe('_login1');
    expect(elementsByLocalName(xml, 'NameID')[0]?.textContent).toBe('ada@example.com');
  });

  it('signs in a typed-in user with their groups', async () => {
    const res = await complete({
      requestId: '_login2',
      email: 'lin@example.com',
      firstName: 'Lin',
      lastName: 'Chen',
      groups: 'Everyone, QA',
    });
    const xml = decodeResponse(await res.text());

    expect(res.status).toBe(200);
    expect(elementsByLocalName(xml, 'NameID')[0]?.textContent).toBe('lin@example.com');
    expect(elementsByLocalName(xml, 'AttributeValue').map((value) => value.textContent)).toEqual([
      'lin@example.com',
      'Lin',
      'Chen',
      'Everyone',
      'QA',
    ]);
  });

  it('refuses bad form input with 400', async () => {
    const badEmail = await complete({ requestId: '_r', email: 'x', firstName: 'A', lastName: 'B' });
    const noRequest = await complete({ preset: 'ada' });

    expect(badEmail.status).toBe(400);
    expect(noRequest.status).toBe(400);
  });
});
