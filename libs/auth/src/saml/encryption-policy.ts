import { DOMParser, Element } from '@xmldom/xmldom';
import { SamlRejection } from './saml-rejection';

const XMLENC = 'http://www.w3.org/2001/04/xmlenc#';
const XMLENC11 = 'http://www.w3.org/2009/xmlenc11#';

/** Content encryption we accept (XML Encryption 1.1 §5.2), GCM first: it is authenticated. */
export const GCM_ALGORITHMS = [`${XMLENC11}aes256-gcm`, `${XMLENC11}aes128-gcm`];
export const CBC_ALGORITHMS = [`${XMLENC}aes256-cbc`, `${XMLENC}aes128-cbc`];
/**
 * Key transport we accept: RSA-OAEP (XML Encryption 1.1 §5.5.2) with its default SHA-1 digest,
 * the one xml-encryption reads as the specification does.
 */
export const KEY_TRANSPORT_ALGORITHMS = [`${XMLENC}rsa-oaep-mgf1p`];
const OAEP_DIGESTS = ['http://www.w3.org/2000/09/xmldsig#sha1'];
const RSA_1_5 = `${XMLENC}rsa-1_5`;

export interface EncryptionPolicy {
  /** A decryption key is configured (node-saml's `decryptionPvk`). */
  hasKey: boolean;
  /** SAML_REQUIRE_ENCRYPTED_ASSERTIONS: an assertion in the clear is refused. */
  required: boolean;
  /** A Response signature must verify, so node-saml checks it before it decrypts anything. */
  responseSignatureRequired: boolean;
}

/**
 * Checks a Response's assertion encryption before node-saml decrypts it, so that nothing is
 * decrypted with an algorithm we refuse. Returns whether the assertion is encrypted. Reads the
 * Response's children as node-saml does; what node-saml refuses anyway (several assertions, a
 * document it cannot parse) is left to it.
 */
export function checkAssertionEncryption(responseXml: string, policy: EncryptionPolicy): boolean {
  // An element name cannot be written with character references, so this text is in any
  // document that holds one; most responses are read no further.
  if (!policy.required && !responseXml.includes('EncryptedAssertion')) {
    return false;
  }
  const response = lenientRoot(responseXml);
  const assertions = childElements(response, 'Assertion');
  const encrypted = childElements(response, 'EncryptedAssertion');
  if (policy.required && assertions.length > 0) {
    throw new SamlRejection(
      'encryption_required',
      'the assertion is not encrypted and SAML_REQUIRE_ENCRYPTED_ASSERTIONS is on',
    );
  }
  if (encrypted.length !== 1 || assertions.length > 0) {
    return false;
  }
  if (!policy.hasKey) {
    throw new SamlRejection(
      'decryption_key_missing',
      'the assertion is encrypted and SAML_SP_DECRYPTION_KEY is not set',
    );
  }
  checkAlgorithms(encrypted[0], policy);
  return true;
}

/**
 * Every EncryptionMethod in the EncryptedAssertion, wherever xml-encryption might look for one.
 * RSA1_5 is refused outright, with no setting to allow it: decrypting PKCS#1 v1.5 at all makes
 * the key a Bleichenbacher oracle, for OAEP-wrapped keys too ("One Bad Apple", Jager, Schinzel,
 * Somorovsky 2012). CBC is malleable: a padding oracle reads it unless a verified Response
 * signature covers the ciphertext, which node-saml checks before decrypting when it is required.
 */
function checkAlgorithms(encryptedAssertion: Element, policy: EncryptionPolicy): void {
  const data = childElements(encryptedAssertion, 'EncryptedData');
  const keys = descendants(encryptedAssertion, 'EncryptedKey');
  if (data.length !== 1 || keys.length === 0) {
    throw new SamlRejection(
      'decryption_failed',
      'the EncryptedAssertion needs one EncryptedData and an EncryptedKey',
    );
  }
  const content = childElements(data[0], 'EncryptionMethod').map(algorithmOf);
  const contentAllowed = policy.responseSignatureRequired
    ? [...GCM_ALGORITHMS, ...CBC_ALGORITHMS]
    : GCM_ALGORITHMS;
  if (content.length !== 1 || !contentAllowed.includes(content[0])) {
    throw new SamlRejection('encryption_algorithm', contentRefusal(content[0] ?? '', policy));
  }
  for (const method of descendants(encryptedAssertion, 'EncryptionMethod')) {
    if (method.parentNode !== data[0]) {
      checkKeyTransport(method);
    }
  }
}

function checkKeyTransport(method: Element): void {
  const algorithm = algorithmOf(method);
  if (algorithm === RSA_1_5) {
    throw new SamlRejection(
      'encryption_algorithm',
      'the assertion key is encrypted with RSA1_5 (PKCS#1 v1.5), which is refused; use RSA-OAEP',
    );
  }
  const parent = method.parentNode as Element | null;
  const digests = descendants(method, 'DigestMethod').map(algorithmOf);
  if (
    parent?.localName !== 'EncryptedKey' ||
    !KEY_TRANSPORT_ALGORITHMS.includes(algorithm) ||
    !digests.every((digest) => OAEP_DIGESTS.includes(digest))
  ) {
    throw new SamlRejection(
      'encryption_algorithm',
      `the assertion key transport ${JSON.stringify(algorithm)} is not RSA-OAEP with SHA-1`,
    );
  }
}

function contentRefusal(algorithm: string, policy: EncryptionPolicy): string {
  if (CBC_ALGORITHMS.includes(algorithm) && !policy.responseSignatureRequired) {
    return 'AES-CBC encryption is accepted only when the Response must be signed; use AES-GCM';
  }
  return `the assertion encryption ${JSON.stringify(algorithm)} is not AES-GCM or AES-CBC`;
}

function lenientRoot(xml: string): Element | null {
  try {
    return new DOMParser({ onError: () => undefined }).parseFromString(xml, 'text/xml')
      .documentElement;
  } catch {
    return null;
  }
}

function childElements(parent: Element | null, localName: string): Element[] {
  return Array.from(parent?.childNodes ?? []).filter(
    (node): node is Element => node.nodeType === 1 && (node as Element).localName === localName,
  );
}

function descendants(parent: Element, localName: string): Element[] {
  return Array.from(parent.getElementsByTagNameNS('*', localName));
}

function algorithmOf(element: Element): string {
  return element.getAttribute('Algorithm') ?? '';
}
