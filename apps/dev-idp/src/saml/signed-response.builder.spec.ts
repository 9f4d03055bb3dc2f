import { generateDevIdpKeys } from '../keys/dev-idp-keys';
import { elementsByLocalName, hasValidSignature } from '../testing/xml-signature.test-helper';
import { buildSignedResponse, SignedResponseOptions } from './signed-response.builder';

describe('buildSignedResponse', () => {
  const keys = generateDevIdpKeys();
  const attackerKeys = generateDevIdpKeys();
  const now = new Date('2030-01-02T03:04:05.000Z');

  const options = (overrides: Partial<SignedResponseOptions> = {}): SignedResponseOptions => ({
    keys,
    issuer: 'http://localhost:7000/exkdevidp',
    audience: 'http://localhost:3000/auth/saml/metadata',
    acsUrl: 'http://localhost:3000/auth/saml/acs',
    inResponseTo: '_req123',
    user: {
      email: 'ada@example.com',
      firstName: 'Ada',
      lastName: 'Lovelace',
      groups: ['Everyone', 'Admins'],
    },
    now,
    ...overrides,
  });

  const first = (xml: string, localName: string) => elementsByLocalName(xml, localName)[0];
  const childNames = (xml: string, localName: string): string[] =>
    Array.from(first(xml, localName)?.childNodes ?? []).map((node) => node.nodeName);

  it('signs the assertion and the response so that both verify with the certificate', () => {
    const xml = buildSignedResponse(options());

    expect(hasValidSignature(xml, 'Assertion', keys.certPem)).toBe(true);
    expect(hasValidSignature(xml, 'Response', keys.certPem)).toBe(true);
  });

  it('fails verification with another key', () => {
    const xml = buildSignedResponse(options());
    const forged = buildSignedResponse(options({ keys: attackerKeys }));

    expect(hasValidSignature(xml, 'Assertion', attackerKeys.certPem)).toBe(false);
    expect(hasValidSignature(xml, 'Response', attackerKeys.certPem)).toBe(false);
    expect(hasValidSignature(forged, 'Assertion', keys.certPem)).toBe(false);
    expect(hasValidSignature(forged, 'Response', keys.certPem)).toBe(false);
  });

  it('fails verification when the NameID is edited', () => {
    const xml = buildSignedResponse(options());
    const edited = xml.replace('ada@example.com</saml2:NameID>', 'eve@example.com</saml2:NameID>');

    expect(edited).not.toBe(xml);
    expect(hasValidSignature(edited, 'Assertion', keys.certPem)).toBe(false);
    expect(hasValidSignature(edited, 'Response', keys.certPem)).toBe(false);
  });

  it('places each signature right after its Issuer, in Okta order', () => {
    const xml = buildSignedResponse(options());

    expect(childNames(xml, 'Response')).toEqual([
      'saml2:Issuer',
      'ds:Signature',
      'saml2p:Status',
      'saml2:Assertion',
    ]);
    expect(childNames(xml, 'Assertion')).toEqual([
      'saml2:Issuer',
      'ds:Signature',
      'saml2:Subject',
      'saml2:Conditions',
      'saml2:AuthnStatement',
      'saml2:AttributeStatement',
    ]);
  });

  it('uses RSA-SHA256, SHA-256 digests, exclusive c14n and the certificate in KeyInfo', () => {
    const xml = buildSignedResponse(options());
    const algorithms = (name: string) =>
      elementsByLocalName(xml, name).map((element) => element.getAttribute('Algorithm'));
    const certBody = keys.certPem.replace(/-----[A-Z ]+-----|\s/g, '');

    expect(new Set(algorithms('SignatureMethod'))).toEqual(
      new Set(['http://www.w3.org/2001/04/xmldsig-more#rsa-sha256']),
    );
    expect(new Set(algorithms('DigestMethod'))).toEqual(
      new Set(['http://www.w3.org/2001/04/xmlenc#sha256']),
    );
    expect(algorithms('Transform')).toEqual([
      'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
      'http://www.w3.org/2001/10/xml-exc-c14n#',
      'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
      'http://www.w3.org/2001/10/xml-exc-c14n#',
    ]);
    expect(elementsByLocalName(xml, 'X509Certificate').map((e) => e.textContent)).toEqual([
      certBody,
      certBody,
    ]);
  });

  it('writes subject, conditions, authn statement and attributes', () => {
    const xml = buildSignedResponse(options());
    const attribute = (name: string) =>
      elementsByLocalName(xml, 'Attribute')
        .filter((element) => element.getAttribute('Name') === name)
        .flatMap((element) => Array.from(element.getElementsByTagNameNS('*', 'AttributeValue')))
        .map((value) => value.textContent);

    expect(first(xml, 'NameID')?.textContent).toBe('ada@example.com');
    expect(first(xml, 'NameID')?.getAttribute('Format')).toBe(
      'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    );
    expect(first(xml, 'SubjectConfirmationData')?.getAttribute('InResponseTo')).toBe('_req123');
    expect(first(xml, 'SubjectConfirmationData')?.getAttribute('Recipient')).toBe(
      'http://localhost:3000/auth/saml/acs',
    );
    expect(first(xml, 'Conditions')?.getAttribute('NotBefore')).toBe('2030-01-02T02:59:05.000Z');
    expect(first(xml, 'Conditions')?.getAttribute('NotOnOrAfter')).toBe('2030-01-02T03:09:05.000Z');
    expect(first(xml, 'Audience')?.textContent).toBe('http://localhost:3000/auth/saml/metadata');
    expect(first(xml, 'AuthnContextClassRef')?.textContent).toBe(
      'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
    );
    expect(attribute('email')).toEqual(['ada@example.com']);
    expect(attribute('firstName')).toEqual(['Ada']);
    expect(attribute('lastName')).toEqual(['Lovelace']);
    expect(attribute('groups')).toEqual(['Everyone', 'Admins']);
  });

  it('omits every InResponseTo for an unsolicited response', () => {
    const xml = buildSignedResponse(options({ inResponseTo: null }));

    expect(xml).not.toContain('InResponseTo');
    expect(hasValidSignature(xml, 'Response', keys.certPem)).toBe(true);
  });

  it('escapes user-supplied text and keeps signatures valid', () => {
    const user = {
      email: 'o"brien@example.com',
      firstName: '<script>&',
      lastName: "O'Brien ]]>",
      groups: ['R&D', '<Admins>'],
    };
    const xml = buildSignedResponse(options({ user }));

    expect(xml).not.toContain('<script>');
    expect(first(xml, 'NameID')?.textContent).toBe(user.email);
    expect(elementsByLocalName(xml, 'AttributeValue').map((v) => v.textContent)).toEqual([
      user.email,
      user.firstName,
      user.lastName,
      ...user.groups,
    ]);
    expect(hasValidSignature(xml, 'Assertion', keys.certPem)).toBe(true);
  });

  it('refuses text that XML cannot carry', () => {
    const user = { email: 'a@example.com', firstName: 'A\u0001', lastName: 'B', groups: [] };

    expect(() => buildSignedResponse(options({ user }))).toThrow(/XML 1.0/);
  });

  it.each([
    ['response', false, true],
    ['assertion', true, false],
    ['none', false, false],
  ] as const)('sign=%s signs only what was asked', (sign, assertionSigned, responseSigned) => {
    const xml = buildSignedResponse(options({ sign }));

    expect(hasValidSignature(xml, 'Assertion', keys.certPem)).toBe(assertionSigned);
    expect(hasValidSignature(xml, 'Response', keys.certPem)).toBe(responseSigned);
    expect(elementsByLocalName(xml, 'Signature')).toHaveLength(+assertionSigned + +responseSigned);
  });

  it('signs with RSA-SHA1 and SHA-1 digests when asked', () => {
    const xml = buildSignedResponse(options({ signatureAlgorithm: 'rsa-sha1' }));

    expect(first(xml, 'SignatureMethod')?.getAttribute('Algorithm')).toBe(
      'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
    );
    expect(first(xml, 'DigestMethod')?.getAttribute('Algorithm')).toBe(
      'http://www.w3.org/2000/09/xmldsig#sha1',
    );
    expect(hasValidSignature(xml, 'Response', keys.certPem)).toBe(true);
  });

  it('sends no assertion with a non-success status', () => {
    const statusCode = 'urn:oasis:names:tc:SAML:2.0:status:Responder';
    const xml = buildSignedResponse(options({ statusCode }));

    expect(first(xml, 'StatusCode')?.getAttribute('Value')).toBe(statusCode);
    expect(elementsByLocalName(xml, 'Assertion')).toHaveLength(0);
    expect(hasValidSignature(xml, 'Response', keys.certPem)).toBe(true);
  });

  it('applies the overrides that hostile tests need', () => {
    const xml = buildSignedResponse(
      options({
        responseId: '_resp1',
        assertionId: '_assert1',
        audience: ['urn:a', 'urn:b'],
        destination: 'http://elsewhere.test/acs',
        recipient: 'http://elsewhere.test/recipient',
        responseIssuer: 'urn:other-idp',
        notBefore: new Date('2030-01-02T03:00:00.000Z'),
        notOnOrAfter: new Date('2030-01-02T03:10:00.000Z'),
        attributeNames: { email: 'mail', groups: 'memberOf' },
        user: {
          email: 'a@example.com',
          firstName: 'A',
          lastName: 'B',
          groups: ['G'],
          nameId: 'u-42',
        },
      }),
    );

    expect(first(xml, 'Response')?.getAttribute('ID')).toBe('_resp1');
    expect(first(xml, 'Response')?.getAttribute('Destination')).toBe('http://elsewhere.test/acs');
    expect(first(xml, 'Assertion')?.getAttribute('ID')).toBe('_assert1');
    expect(elementsByLocalName(xml, 'Issuer').map((e) => e.textContent)).toEqual([
      'urn:other-idp',
      'http://localhost:7000/exkdevidp',
    ]);
    expect(elementsByLocalName(xml, 'Audience').map((e) => e.textContent)).toEqual([
      'urn:a',
      'urn:b',
    ]);
    expect(first(xml, 'SubjectConfirmationData')?.getAttribute('Recipient')).toBe(
      'http://elsewhere.test/recipient',
    );
    expect(first(xml, 'Conditions')?.getAttribute('NotBefore')).toBe('2030-01-02T03:00:00.000Z');
    expect(first(xml, 'NameID')?.textContent).toBe('u-42');
    expect(elementsByLocalName(xml, 'Attribute').map((e) => e.getAttribute('Name'))).toEqual([
      'mail',
      'firstName',
      'lastName',
      'memberOf',
    ]);
  });

  it('generates fresh identifiers that are valid xs:ID values', () => {
    const ids = [buildSignedResponse(options()), buildSignedResponse(options())].flatMap((xml) => [
      first(xml, 'Response')?.getAttribute('ID'),
      first(xml, 'Assertion')?.getAttribute('ID'),
    ]);

    expect(new Set(ids).size).toBe(4);
    ids.forEach((id) => expect(id).toMatch(/^[A-Za-z_][\w.-]{31,}$/));
  });
});
