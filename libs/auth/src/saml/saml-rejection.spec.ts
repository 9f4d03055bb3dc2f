import { SAML } from '@node-saml/node-saml';
import { generateDevIdpKeys } from '@app/dev-idp';
import { describeRejection, rejectionFromNodeSamlError } from './saml-rejection';

const STATUS = 'urn:oasis:names:tc:SAML:2.0:status';
const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const IDP_CERT = generateDevIdpKeys().certPem;

/** The error node-saml itself raises for a response carrying this Status and no assertion. */
async function nodeSamlErrorFor(statusXml: string): Promise<unknown> {
  const saml = new SAML({
    idpCert: IDP_CERT,
    issuer: 'https://sp.example/metadata',
    callbackUrl: 'https://sp.example/acs',
    // Reaching the status check needs no signature; the point here is how it is classified.
    wantAuthnResponseSigned: false,
  });
  const xml =
    `<samlp:Response xmlns:samlp="${PROTOCOL}" ID="_r" Version="2.0" ` +
    `IssueInstant="2026-01-15T12:00:00Z">` +
    `<samlp:Status>${statusXml}</samlp:Status></samlp:Response>`;
  const SAMLResponse = Buffer.from(xml).toString('base64');
  return saml.validatePostResponseAsync({ SAMLResponse }).then(
    () => null,
    (error: unknown) => error,
  );
}

describe(rejectionFromNodeSamlError.name, () => {
  it('names the status an IdP sends alone', async () => {
    const sut = rejectionFromNodeSamlError(
      await nodeSamlErrorFor(`<samlp:StatusCode Value="${STATUS}:AuthnFailed"/>`),
    );
    expect(sut).toMatchObject({ reason: 'idp_status', idpStatus: 'AuthnFailed' });
    expect(describeRejection(sut)).toBe('The identity provider did not sign you in (AuthnFailed).');
  });

  it('names the nested status inside Responder, never the free-text StatusMessage', async () => {
    const sut = rejectionFromNodeSamlError(
      await nodeSamlErrorFor(
        `<samlp:StatusCode Value="${STATUS}:Responder">` +
          `<samlp:StatusCode Value="${STATUS}:AuthnFailed"/></samlp:StatusCode>` +
          '<samlp:StatusMessage>No such user ada@example.com</samlp:StatusMessage>',
      ),
    );
    expect(sut).toMatchObject({ reason: 'idp_status', idpStatus: 'AuthnFailed' });
    expect(describeRejection(sut)).not.toContain('ada@example.com');
  });

  it('falls back to the top-level status when there is no nested one', async () => {
    const sut = rejectionFromNodeSamlError(
      await nodeSamlErrorFor(`<samlp:StatusCode Value="${STATUS}:Requester"/>`),
    );
    expect(sut).toMatchObject({ reason: 'idp_status', idpStatus: 'Requester' });
  });

  it.each([
    ["Error parsing NotOnOrAfter: 'garbage' is not a valid date", 'malformed'],
    ['could not find CanonicalizationMethod/@Algorithm element', 'signature_invalid'],
    ["canonicalization algorithm 'urn:x' is not supported", 'signature_invalid'],
    ['could not find any Reference elements', 'signature_invalid'],
    [
      'ref URI included quote character \' or ". Not a valid ID, and not allowed',
      'signature_invalid',
    ],
  ])('classifies "%s" as %s', (message, reason) => {
    expect(rejectionFromNodeSamlError(new Error(message)).reason).toBe(reason);
  });
});
