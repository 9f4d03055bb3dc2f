import { buildSignedResponse, generateDevIdpKeys, SignedResponseOptions } from '@app/dev-idp';
import { checkAssertionEncryption, EncryptionPolicy } from './encryption-policy';
import { SamlRejection } from './saml-rejection';

const XMLENC = 'http://www.w3.org/2001/04/xmlenc#';
const idpKeys = generateDevIdpKeys();
const spKeys = generateDevIdpKeys();

const POLICY: EncryptionPolicy = { hasKey: true, required: false, responseSignatureRequired: true };

function response(overrides: Partial<SignedResponseOptions> = {}): string {
  return buildSignedResponse({
    keys: idpKeys,
    issuer: 'http://www.okta.example/exk1',
    audience: 'https://sp.example/metadata',
    acsUrl: 'https://sp.example/acs',
    user: { email: 'ada@example.com', firstName: 'Ada', lastName: 'L', groups: [] },
    encryption: { certificatePem: spKeys.certPem },
    ...overrides,
  });
}

function reasonOf(check: () => unknown): string {
  try {
    check();
  } catch (error) {
    if (error instanceof SamlRejection) {
      return error.reason;
    }
    throw error;
  }
  return 'accepted';
}

describe(checkAssertionEncryption.name, () => {
  it('tells an encrypted assertion from one in the clear', () => {
    expect(checkAssertionEncryption(response(), POLICY)).toBe(true);
    expect(checkAssertionEncryption(response({ encryption: undefined }), POLICY)).toBe(false);
  });

  it('refuses the clear one when encryption is required, not a response without assertion', () => {
    const required = { ...POLICY, required: true };
    const clear = response({ encryption: undefined });
    const failed = response({ statusCode: 'urn:oasis:names:tc:SAML:2.0:status:AuthnFailed' });

    expect(reasonOf(() => checkAssertionEncryption(clear, required))).toBe('encryption_required');
    expect(checkAssertionEncryption(failed, required)).toBe(false);
  });

  it('refuses an encrypted assertion when no key is configured', () => {
    const noKey = { ...POLICY, hasKey: false };
    expect(reasonOf(() => checkAssertionEncryption(response(), noKey))).toBe(
      'decryption_key_missing',
    );
  });

  it('refuses a key transport digest other than SHA-1, which xml-encryption misreads', () => {
    const sha256 = response().replace(
      'http://www.w3.org/2000/09/xmldsig#sha1"/></xenc:EncryptionMethod>',
      `${XMLENC}sha256"/></xenc:EncryptionMethod>`,
    );
    expect(reasonOf(() => checkAssertionEncryption(sha256, POLICY))).toBe('encryption_algorithm');
  });

  it('refuses RSA-OAEP of XML Encryption 1.1, which the decrypter does not implement', () => {
    const oaep11 = response().replace(
      `${XMLENC}rsa-oaep-mgf1p`,
      'http://www.w3.org/2009/xmlenc11#rsa-oaep',
    );
    expect(reasonOf(() => checkAssertionEncryption(oaep11, POLICY))).toBe('encryption_algorithm');
  });

  it('refuses an EncryptedAssertion without an EncryptedKey', () => {
    const keyless = response().replace(/<ds:KeyInfo xmlns:ds=[^>]*>.*<\/ds:KeyInfo>/, '');
    expect(keyless).not.toContain('EncryptedKey');
    expect(reasonOf(() => checkAssertionEncryption(keyless, POLICY))).toBe('decryption_failed');
  });

  it('accepts CBC only while the Response signature is required', () => {
    const cbc = response({
      encryption: { certificatePem: spKeys.certPem, contentEncryption: 'aes128-cbc' },
    });
    const unsignedResponses = { ...POLICY, responseSignatureRequired: false };

    expect(checkAssertionEncryption(cbc, POLICY)).toBe(true);
    expect(reasonOf(() => checkAssertionEncryption(cbc, unsignedResponses))).toBe(
      'encryption_algorithm',
    );
  });
});
