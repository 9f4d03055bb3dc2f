// xml-encryption appears here only as an independent decrypter: it is what node-saml, and so
// the API, decrypts with, while the dev IdP encrypts with node:crypto on its own.
import { constants, createDecipheriv, privateDecrypt } from 'node:crypto';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { XMLSerializer } from '@xmldom/xmldom';
import { decrypt } from 'xml-encryption';
import { generateDevIdpKeys } from '../keys/dev-idp-keys';
import { elementsByLocalName, hasValidSignature } from '../testing/xml-signature.test-helper';
import { AssertionEncryption, ContentEncryption } from './assertion.encryptor';
import { buildSignedResponse, SignedResponseOptions } from './signed-response.builder';

const XMLENC = 'http://www.w3.org/2001/04/xmlenc#';
const XMLENC11 = 'http://www.w3.org/2009/xmlenc11#';

describe('encryptAssertion (through buildSignedResponse)', () => {
  const idpKeys = generateDevIdpKeys();
  const spKeys = generateDevIdpKeys();
  const spEntityId = 'http://localhost:3000/auth/saml/metadata';
  const acsUrl = 'http://localhost:3000/auth/saml/acs';
  const idpIssuer = 'http://localhost:7000/exkdevidp';
  const user = { email: 'zoë@example.com', firstName: 'Zoë', lastName: '李', groups: ['Staff'] };

  const build = (
    encryption: Partial<AssertionEncryption> = {},
    overrides: Partial<SignedResponseOptions> = {},
  ): string =>
    buildSignedResponse({
      keys: idpKeys,
      issuer: idpIssuer,
      audience: spEntityId,
      acsUrl,
      inResponseTo: '_request1',
      user,
      encryption: { certificatePem: spKeys.certPem, ...encryption },
      ...overrides,
    });

  const decryptWithXmlEncryption = (xml: string): Promise<string> => {
    const [encrypted] = elementsByLocalName(xml, 'EncryptedAssertion');
    return new Promise((resolve, reject) =>
      decrypt(
        new XMLSerializer().serializeToString(encrypted),
        { key: spKeys.privateKeyPem },
        (error, plaintext) => (error ? reject(error) : resolve(plaintext)),
      ),
    );
  };

  const algorithms = (xml: string): string[] =>
    elementsByLocalName(xml, 'EncryptionMethod').map((m) => m.getAttribute('Algorithm') ?? '');

  it('replaces the assertion by an EncryptedAssertion in XML Encryption 1.1 shape', () => {
    const xml = build();

    expect(elementsByLocalName(xml, 'Assertion')).toHaveLength(0);
    expect(xml).not.toContain('example.com');
    const [encrypted] = elementsByLocalName(xml, 'EncryptedAssertion');
    expect(encrypted.parentNode?.localName).toBe('Response');
    const [data] = elementsByLocalName(xml, 'EncryptedData');
    expect(data.namespaceURI).toBe(XMLENC);
    expect(data.getAttribute('Type')).toBe(`${XMLENC}Element`);
    expect(algorithms(xml)).toEqual([`${XMLENC11}aes256-gcm`, `${XMLENC}rsa-oaep-mgf1p`]);
    const [digest] = elementsByLocalName(xml, 'DigestMethod').filter(
      (element) => element.parentNode?.localName === 'EncryptionMethod',
    );
    expect(digest.getAttribute('Algorithm')).toBe('http://www.w3.org/2000/09/xmldsig#sha1');
  });

  it('is decrypted by hand: OAEP-wrapped key, then IV, ciphertext and 128-bit GCM tag', () => {
    const xml = build();
    const [wrapped, content] = elementsByLocalName(xml, 'CipherValue').map((e) =>
      Buffer.from(e.textContent ?? '', 'base64'),
    );
    const key = privateDecrypt(
      { key: spKeys.privateKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      wrapped,
    );
    expect(key).toHaveLength(32);
    const decipher = createDecipheriv('aes-256-gcm', key, content.subarray(0, 12));
    decipher.setAuthTag(content.subarray(-16));
    const plaintext = Buffer.concat([
      decipher.update(content.subarray(12, -16)),
      decipher.final(),
    ]).toString('utf8');
    expect(plaintext).toMatch(/^<saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:/);
    expect(plaintext).toContain('>zoë@example.com</saml2:NameID>');
  });

  it.each<ContentEncryption>(['aes256-gcm', 'aes128-gcm', 'aes256-cbc', 'aes128-cbc'])(
    '%s: xml-encryption decrypts the signed assertion, whose signature still verifies',
    async (contentEncryption) => {
      const xml = build({ contentEncryption });

      const assertion = await decryptWithXmlEncryption(xml);

      expect(assertion).toContain('>Zoë</saml2:AttributeValue>');
      expect(hasValidSignature(assertion, 'Assertion', idpKeys.certPem)).toBe(true);
      expect(hasValidSignature(xml, 'Response', idpKeys.certPem)).toBe(true);
    },
  );

  it('uses a fresh key and IV each time', () => {
    const values = (xml: string): string[] =>
      elementsByLocalName(xml, 'CipherValue').map((e) => e.textContent ?? '');
    const [first, second] = [values(build()), values(build())];
    expect(first[0]).not.toBe(second[0]);
    expect(first[1].slice(0, 16)).not.toBe(second[1].slice(0, 16));
  });

  it('can wrap the key with RSA1_5, which the SP must refuse', async () => {
    const xml = build({ keyTransport: 'rsa-1_5' });
    expect(algorithms(xml)).toEqual([`${XMLENC11}aes256-gcm`, `${XMLENC}rsa-1_5`]);
    const digests = elementsByLocalName(xml, 'DigestMethod').filter(
      (element) => element.parentNode?.localName === 'EncryptionMethod',
    );
    expect(digests).toHaveLength(0);
    // Node itself no longer decrypts PKCS#1 v1.5 with a private key (CVE-2023-46809, Marvin).
    await expect(decryptWithXmlEncryption(xml)).rejects.toThrow(/RSA_PKCS1_PADDING/);
  });

  it('leaves a response without an assertion (a failure status) as it is', () => {
    const xml = build({}, { statusCode: 'urn:oasis:names:tc:SAML:2.0:status:AuthnFailed' });
    expect(elementsByLocalName(xml, 'EncryptedAssertion')).toHaveLength(0);
  });

  it('is accepted by node-saml holding the SP key, with the identity it encrypted', async () => {
    const sp = new SAML({
      idpCert: idpKeys.certPem,
      idpIssuer,
      issuer: spEntityId,
      audience: spEntityId,
      callbackUrl: acsUrl,
      decryptionPvk: spKeys.privateKeyPem,
      wantAuthnResponseSigned: true,
      wantAssertionsSigned: true,
      validateInResponseTo: ValidateInResponseTo.never,
    });
    const samlResponse = Buffer.from(build(), 'utf8').toString('base64');

    const { profile } = await sp.validatePostResponseAsync({ SAMLResponse: samlResponse });

    expect(profile?.nameID).toBe('zoë@example.com');
    expect(profile?.lastName).toBe('李');
  });
});
