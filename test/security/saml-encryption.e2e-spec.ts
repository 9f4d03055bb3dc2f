import {
  AssertionEncryption,
  DevIdpKeys,
  encryptAssertion,
  generateDevIdpKeys,
} from '@app/dev-idp';
import { DENIED, expectAccessDenied } from '../support/acs-expectations';
import { snapshotAuthState } from '../support/auth-state';
import { ADA, postAcs, signIn, startLogin } from '../support/saml-flow';
import { getMe } from '../support/token-flow';
import {
  expectRefused,
  newRequestId,
  postAcsTagged,
  refusalReason,
  responseXml,
  startTarget,
  Target,
  toBase64,
} from './support/acs-attack';
import { idOf, signElement } from './support/hostile-signer';

const XMLENC = 'http://www.w3.org/2001/04/xmlenc#';
const XMLENC11 = 'http://www.w3.org/2009/xmlenc11#';

/** The SP's encryption key pair: the API decrypts with it, the dev IdP encrypts to it. */
const spKeys: DevIdpKeys = generateDevIdpKeys();
const decryptionEnv = {
  SAML_SP_DECRYPTION_KEY: spKeys.privateKeyPem,
  SAML_SP_DECRYPTION_CERT: spKeys.certPem,
};
const toSp = (extra: Partial<AssertionEncryption> = {}): AssertionEncryption => ({
  certificatePem: spKeys.certPem,
  ...extra,
});

/** Changes one base64 character of the EncryptedData's CipherValue (the content, not the key). */
function tamperContent(xml: string): string {
  const at = xml.lastIndexOf('<xenc:CipherValue>') + '<xenc:CipherValue>'.length + 40;
  return xml.slice(0, at) + (xml[at] === 'A' ? 'B' : 'A') + xml.slice(at + 1);
}

/** Signs the Response again over the changed EncryptedAssertion: the IdP's key, valid. */
function resignResponse(xml: string, keys: DevIdpKeys): string {
  return signElement(xml, idOf(xml, 'Response'), { keys });
}

describe('encrypted assertions', () => {
  let target: Target;

  beforeAll(async () => {
    target = await startTarget(decryptionEnv);
  });

  afterAll(async () => {
    await target.api.close();
  });

  it('signs in with an AES-256-GCM assertion: code, tokens, the identity it carried', async () => {
    const tokens = await signIn(target.api, { encryption: toSp() });

    const me = await getMe(target.api, `Bearer ${tokens.access_token}`);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      email: ADA.email,
      firstName: ADA.firstName,
      lastName: ADA.lastName,
      groups: ADA.groups,
    });
  });

  it.each(['aes128-gcm', 'aes256-cbc', 'aes128-cbc'] as const)(
    'signs in with %s content encryption (the Response signature covers it)',
    async (contentEncryption) => {
      const tokens = await signIn(target.api, { encryption: toSp({ contentEncryption }) });
      expect(tokens.token_type).toBe('Bearer');
    },
  );

  it('still signs in with an assertion in the clear while encryption is optional', async () => {
    expect((await signIn(target.api)).token_type).toBe('Bearer');
  });

  it('publishes the encryption certificate and accepted algorithms in SP metadata', async () => {
    const metadata = await (await fetch(`${target.api.url}/auth/saml/metadata`)).text();
    const body = spKeys.certPem.replace(/-----[A-Z ]+-----|\s/g, '');

    const descriptor = /<KeyDescriptor use="encryption">([\s\S]*?)<\/KeyDescriptor>/.exec(metadata);
    expect(descriptor?.[1].replace(/\s/g, '')).toContain(body);
    const methods = [...(descriptor?.[1] ?? '').matchAll(/EncryptionMethod Algorithm="([^"]+)"/g)];
    expect(methods.map((match) => match[1])).toEqual([
      `${XMLENC11}aes256-gcm`,
      `${XMLENC11}aes128-gcm`,
      `${XMLENC}aes256-cbc`,
      `${XMLENC}aes128-cbc`,
      `${XMLENC}rsa-oaep-mgf1p`,
    ]);
  });

  it('refuses an assertion encrypted to another certificate (wrong key)', async () => {
    const login = await startLogin(target.api);
    const stranger = generateDevIdpKeys();
    const xml = responseXml(target.api, login, {
      encryption: { certificatePem: stranger.certPem },
    });
    await expectRefused(target, login, xml, ['decryption_failed']);
  });

  it('refuses a GCM ciphertext changed under a valid Response signature (tag)', async () => {
    const login = await startLogin(target.api);
    const xml = responseXml(target.api, login, { sign: 'assertion', encryption: toSp() });
    const tampered = resignResponse(tamperContent(xml), target.api.idpKeys);
    await expectRefused(target, login, tampered, ['decryption_failed']);
  });

  it('refuses a changed GCM ciphertext: the Response signature breaks first', async () => {
    const login = await startLogin(target.api);
    const xml = responseXml(target.api, login, { encryption: toSp() });
    await expectRefused(target, login, tamperContent(xml), ['signature_invalid']);
  });

  it('refuses a CBC ciphertext that decrypts to garbage', async () => {
    const login = await startLogin(target.api);
    const encryption = toSp({ contentEncryption: 'aes256-cbc' });
    const xml = responseXml(target.api, login, { sign: 'assertion', encryption });
    const tampered = resignResponse(tamperContent(xml), target.api.idpKeys);
    await expectRefused(target, login, tampered, ['decryption_failed', 'malformed']);
  });

  it('refuses a key wrapped with RSA1_5 before any decryption', async () => {
    const login = await startLogin(target.api);
    const xml = responseXml(target.api, login, { encryption: toSp({ keyTransport: 'rsa-1_5' }) });
    await expectRefused(target, login, xml, ['encryption_algorithm']);
  });

  it('refuses an unknown content algorithm', async () => {
    const login = await startLogin(target.api);
    const xml = responseXml(target.api, login, { sign: 'assertion', encryption: toSp() });
    const tripleDes = xml.replace(`${XMLENC11}aes256-gcm`, `${XMLENC}tripledes-cbc`);
    await expectRefused(target, login, resignResponse(tripleDes, target.api.idpKeys), [
      'encryption_algorithm',
    ]);
  });

  it('refuses an encrypted assertion that is not signed, as assertions must be', async () => {
    const login = await startLogin(target.api);
    const xml = responseXml(target.api, login, { sign: 'response', encryption: toSp() });
    await expectRefused(target, login, xml, ['signature_invalid']);
  });

  it('refuses an encrypted assertion signed with SHA-1, read inside the ciphertext', async () => {
    const login = await startLogin(target.api);
    const xml = responseXml(target.api, login, {
      sign: 'assertion',
      signatureAlgorithm: 'rsa-sha1',
      encryption: toSp(),
    });
    // The Response is signed with SHA-256: only the assertion's own signature uses SHA-1.
    await expectRefused(target, login, resignResponse(xml, target.api.idpKeys), [
      'signature_invalid',
    ]);
  });

  it('refuses a comment in the encrypted NameID, unseen in the posted document', async () => {
    const login = await startLogin(target.api);
    const signed = responseXml(target.api, login, { sign: 'assertion' });
    // CVE-2017-11427: the signature still verifies (exclusive c14n drops comments), while a
    // careless reader of the NameID would stop at the comment.
    const commented = signed.replace('>ada@example.com<', '>ada@exam<!---->ple.com<');
    const xml = resignResponse(encryptAssertion(commented, toSp()), target.api.idpKeys);
    await expectRefused(target, login, xml, ['xml_comment_forbidden']);
  });

  it('refuses the same encrypted assertion twice (replay by assertion ID)', async () => {
    const assertionId = '_replayed-encrypted-assertion';
    const login = await startLogin(target.api);
    const first = responseXml(target.api, login, { encryption: toSp(), assertionId });
    expect((await postAcs(target.api, toBase64(first), login.relayState)).status).toBe(302);

    // A new response for a new login, valid in every other way: only the assertion ID repeats.
    const fresh = await startLogin(target.api);
    const again = responseXml(target.api, fresh, { encryption: toSp(), assertionId });
    await expectRefused(target, fresh, again, ['replayed_assertion']);
  });
});

describe('encrypted assertions required', () => {
  let target: Target;

  beforeAll(async () => {
    target = await startTarget({ ...decryptionEnv, SAML_REQUIRE_ENCRYPTED_ASSERTIONS: 'true' });
  });

  afterAll(async () => {
    await target.api.close();
  });

  it('refuses an assertion in the clear: access_denied, no user row, no code', async () => {
    const login = await startLogin(target.api);
    const before = await snapshotAuthState(target.api);
    const requestId = newRequestId();

    const samlResponse = toBase64(responseXml(target.api, login));
    const acs = await postAcsTagged(target.api, samlResponse, login.relayState, requestId);

    await expectAccessDenied(acs, login, DENIED.rejected);
    expect(await snapshotAuthState(target.api)).toEqual(before);
    expect(refusalReason(target, requestId)).toBe('encryption_required');
  });

  it('accepts the encrypted one', async () => {
    expect((await signIn(target.api, { encryption: toSp() })).token_type).toBe('Bearer');
  });
});

describe('encrypted assertions without a decryption key', () => {
  let target: Target;

  beforeAll(async () => {
    target = await startTarget();
  });

  afterAll(async () => {
    await target.api.close();
  });

  it('refuses an encrypted assertion with a reason that names the missing key', async () => {
    const login = await startLogin(target.api);
    const xml = responseXml(target.api, login, { encryption: toSp() });
    await expectRefused(target, login, xml, ['decryption_key_missing']);
  });

  it('publishes no encryption certificate', async () => {
    const metadata = await (await fetch(`${target.api.url}/auth/saml/metadata`)).text();
    expect(metadata).not.toContain('use="encryption"');
  });
});

describe('encrypted assertions when the Response need not be signed', () => {
  let target: Target;

  beforeAll(async () => {
    target = await startTarget({ ...decryptionEnv, SAML_WANT_RESPONSE_SIGNED: 'false' });
  });

  afterAll(async () => {
    await target.api.close();
  });

  it('accepts GCM, which authenticates the ciphertext itself', async () => {
    const tokens = await signIn(target.api, { sign: 'assertion', encryption: toSp() });
    expect(tokens.token_type).toBe('Bearer');
  });

  it('refuses CBC, which nothing would protect from a padding oracle', async () => {
    const login = await startLogin(target.api);
    const encryption = toSp({ contentEncryption: 'aes256-cbc' });
    const xml = responseXml(target.api, login, { sign: 'assertion', encryption });
    await expectRefused(target, login, xml, ['encryption_algorithm']);
  });

  it('refuses a changed GCM ciphertext: the tag fails', async () => {
    const login = await startLogin(target.api);
    const xml = responseXml(target.api, login, { sign: 'assertion', encryption: toSp() });
    await expectRefused(target, login, tamperContent(xml), ['decryption_failed']);
  });

  it('lists only GCM in SP metadata', async () => {
    const metadata = await (await fetch(`${target.api.url}/auth/saml/metadata`)).text();
    expect(metadata).toContain(`${XMLENC11}aes256-gcm`);
    expect(metadata).not.toContain('-cbc');
  });
});
