import { SamlConfig } from '@app/config';
import {
  buildLogoutRequest,
  buildLogoutResponse,
  encodePostValue,
  generateDevIdpKeys,
  signLogoutMessage,
} from '@app/dev-idp';
import { readSignedPost } from './post-binding';
import { SloRejection } from './slo-rejection';

const ISSUER = 'http://www.okta.example/exk-unit';
const SLO_URL = 'https://api.example/auth/saml/slo';
const current = generateDevIdpKeys();
const next = generateDevIdpKeys();

/** Only what reading a posted message looks at. */
const saml = { idpCertificates: [current.certPem, next.certPem], allowSha1Signatures: false };

function read(form: unknown): ReturnType<typeof readSignedPost> {
  return readSignedPost(form, saml as SamlConfig);
}

function request(nameId = 'ada@example.com'): string {
  return buildLogoutRequest({ issuer: ISSUER, destination: SLO_URL, nameId, id: '_unit-1' });
}

/** Why reading `form` was refused; null when it was not. */
function refusal(form: unknown): string | null {
  try {
    read(form);
    return null;
  } catch (error) {
    return error instanceof SloRejection ? error.reason : 'not a rejection';
  }
}

describe(readSignedPost.name, () => {
  it('returns the signed content only, without the signature, and the RelayState', () => {
    const signed = signLogoutMessage(request(), current);
    const sut = read({ SAMLRequest: encodePostValue(signed), RelayState: 'r-1' });
    expect(sut.kind).toBe('SAMLRequest');
    expect(sut.relayState).toBe('r-1');
    expect(sut.xml).toContain('>ada@example.com</saml2:NameID>');
    expect(sut.xml).not.toContain('Signature');
  });

  it('accepts any configured certificate (rotation), and a LogoutResponse', () => {
    const response = buildLogoutResponse({
      issuer: ISSUER,
      destination: SLO_URL,
      inResponseTo: '_ours',
    });
    const sut = read({ SAMLResponse: encodePostValue(signLogoutMessage(response, next)) });
    expect(sut).toMatchObject({ kind: 'SAMLResponse', relayState: null });
    expect(sut.xml).toContain('InResponseTo="_ours"');
  });

  it('verifies a message whose line ends became CRLF on the way (XML 1.0 §2.11)', () => {
    const multiline = request().replace('><saml2:NameID', '>\n<saml2:NameID');
    const signed = signLogoutMessage(multiline, current).replace(/\n/g, '\r\n');
    expect(signed).toContain('\r\n');
    expect(refusal({ SAMLRequest: encodePostValue(signed) })).toBeNull();
  });

  it('never trusts the certificate in KeyInfo', () => {
    const stranger = generateDevIdpKeys();
    const signed = signLogoutMessage(request(), stranger);
    expect(signed).toContain('<ds:X509Certificate>');
    expect(refusal({ SAMLRequest: encodePostValue(signed) })).toBe('signature_invalid');
  });

  it('refuses a second signature beside the first', () => {
    const signed = signLogoutMessage(request(), current);
    const signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(signed)?.[0] ?? '';
    const doubled = signed.replace(signature, signature + signature);
    expect(refusal({ SAMLRequest: encodePostValue(doubled) })).toBe('signature_invalid');
  });

  it.each<[string, unknown]>([
    ['not a form', 'SAMLRequest'],
    ['a repeated field', { SAMLRequest: ['a', 'b'] }],
    ['a repeated RelayState', { SAMLRequest: 'PHg+PC94Pg==', RelayState: ['a', 'b'] }],
    ['not a LogoutRequest', { SAMLRequest: encodePostValue('<x ID="_x"/>') }],
  ])('refuses a malformed form: %s', (_label, form) => {
    expect(refusal(form)).toBe('malformed');
  });
});
