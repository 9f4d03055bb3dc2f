// node-saml appears here only as an independent verifier: the dev IdP signs with xml-crypto
// directly, so this checks our output against the SAML library the API itself relies on.
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { generateDevIdpKeys } from '../keys/dev-idp-keys';
import { buildSignedResponse } from './signed-response.builder';

describe('buildSignedResponse verified by node-saml', () => {
  const keys = generateDevIdpKeys();
  const idpIssuer = 'http://localhost:7000/exkdevidp';
  const spEntityId = 'http://localhost:3000/auth/saml/metadata';
  const acsUrl = 'http://localhost:3000/auth/saml/acs';
  const requestId = '_3f1e0c2d9a8b7c6d5e4f';
  const user = {
    email: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    groups: ['Everyone', 'Admins'],
  };

  const serviceProvider = (idpCert: string): SAML =>
    new SAML({
      idpCert,
      idpIssuer,
      issuer: spEntityId,
      audience: spEntityId,
      callbackUrl: acsUrl,
      wantAuthnResponseSigned: true,
      wantAssertionsSigned: true,
      validateInResponseTo: ValidateInResponseTo.always,
    });

  const post = (xml: string) => ({ SAMLResponse: Buffer.from(xml).toString('base64') });

  const build = (overrides: { keys?: typeof keys } = {}): string =>
    buildSignedResponse({
      keys: overrides.keys ?? keys,
      issuer: idpIssuer,
      audience: spEntityId,
      acsUrl,
      inResponseTo: requestId,
      user,
    });

  it('accepts the response and reads the NameID and attributes', async () => {
    const saml = serviceProvider(keys.certPem);
    await saml.cacheProvider.saveAsync(requestId, new Date().toISOString());

    const { profile, loggedOut } = await saml.validatePostResponseAsync(post(build()));

    expect(loggedOut).toBe(false);
    expect(profile).toMatchObject({
      issuer: idpIssuer,
      nameID: 'ada@example.com',
      nameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      inResponseTo: requestId,
      email: 'ada@example.com',
      firstName: 'Ada',
      lastName: 'Lovelace',
      groups: ['Everyone', 'Admins'],
    });
  });

  it('rejects a response signed with another key', async () => {
    const saml = serviceProvider(keys.certPem);
    await saml.cacheProvider.saveAsync(requestId, new Date().toISOString());
    const forged = build({ keys: generateDevIdpKeys() });

    await expect(saml.validatePostResponseAsync(post(forged))).rejects.toThrow(/signature/i);
  });
});
