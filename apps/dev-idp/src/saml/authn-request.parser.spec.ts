import { deflateRawSync } from 'node:zlib';
import { InvalidAuthnRequestError, parseRedirectAuthnRequest } from './authn-request.parser';

const encode = (xml: string): string => deflateRawSync(Buffer.from(xml, 'utf8')).toString('base64');

const authnRequest = (attributes: string, issuer = 'http://localhost:3000/auth/saml/metadata') =>
  '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ' +
  `Version="2.0" ${attributes}>` +
  `<saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${issuer}</saml:Issuer>` +
  '</samlp:AuthnRequest>';

describe('parseRedirectAuthnRequest', () => {
  const valid = authnRequest('ID="_a" IssueInstant="t"');

  it('round-trips a deflated, base64-encoded AuthnRequest', () => {
    const xml = authnRequest(
      'ID="_abc123" IssueInstant="2030-01-02T03:04:05Z" Destination="http://localhost:7000/sso" ' +
        'AssertionConsumerServiceURL="http://localhost:3000/auth/saml/acs"',
    );

    expect(parseRedirectAuthnRequest(encode(xml))).toEqual({
      id: '_abc123',
      issuer: 'http://localhost:3000/auth/saml/metadata',
      issueInstant: '2030-01-02T03:04:05Z',
      destination: 'http://localhost:7000/sso',
      acsUrl: 'http://localhost:3000/auth/saml/acs',
    });
  });

  it('leaves optional fields undefined when absent', () => {
    const parsed = parseRedirectAuthnRequest(encode(authnRequest('ID="_a" IssueInstant="t"')));

    expect(parsed.acsUrl).toBeUndefined();
    expect(parsed.destination).toBeUndefined();
  });

  it('refuses a DOCTYPE', () => {
    const doctype = '<!DOCTYPE x [<!ENTITY e "boom">]>';
    const xml = doctype + authnRequest('ID="_a" IssueInstant="t"', '&e;');

    expect(() => parseRedirectAuthnRequest(encode(xml))).toThrow(/DOCTYPE/);
  });

  it.each([
    ['not base64', '%%%'],
    ['not deflate', Buffer.from('<xml/>').toString('base64')],
    ['not XML', encode('<<not xml')],
    ['another root element', encode(valid.replace(/AuthnRequest/g, 'LogoutRequest'))],
    ['the wrong namespace', encode(valid.replace(':protocol', ':nope'))],
    ['no ID', encode(valid.replace('ID="_a" ', ''))],
    ['no Issuer', encode(valid.replace(/<saml:Issuer.*Issuer>/, ''))],
    ['version 1.1', encode(valid.replace('"2.0"', '"1.1"'))],
    ['a deflate bomb', encode(`<a>${' '.repeat(200_000)}</a>`)],
  ])('refuses %s', (_case, samlRequest) => {
    expect(() => parseRedirectAuthnRequest(samlRequest)).toThrow(InvalidAuthnRequestError);
  });
});
