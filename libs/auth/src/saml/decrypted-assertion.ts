import { DOMParser, Element, XMLSerializer } from '@xmldom/xmldom';
import { Profile } from '@node-saml/node-saml';
// node-saml's own decrypter, resolved through node-saml's dependency: the same code, so the
// same plaintext as the assertion node-saml verified.
import { decrypt } from 'xml-encryption';
import { SamlRejection } from './saml-rejection';
import { strictDocumentElement } from './saml-xml';

/**
 * The decrypted assertion of a profile, whole: node-saml's profile keeps the signed part only,
 * without the Signature element whose algorithms our policy checks. Held beside the profile
 * rather than in it, where attributes from the IdP live under names the IdP chooses.
 */
const decryptedAssertions = new WeakMap<Profile, string>();

export function rememberDecryptedAssertion(profile: Profile, assertionXml: string): void {
  decryptedAssertions.set(profile, assertionXml);
}

export function decryptedAssertionOf(profile: Profile): string | null {
  return decryptedAssertions.get(profile) ?? null;
}

/** Decrypts the Response's EncryptedAssertion, which node-saml has already decrypted once. */
export function decryptAssertion(responseXml: string, key: string | Buffer): Promise<string> {
  const response = new DOMParser({ onError: () => undefined }).parseFromString(
    responseXml,
    'text/xml',
  ).documentElement;
  const encrypted = Array.from(response?.childNodes ?? []).find(
    (node) => node.nodeType === 1 && (node as Element).localName === 'EncryptedAssertion',
  );
  if (!encrypted) {
    return Promise.reject(new SamlRejection('malformed', 'no EncryptedAssertion to decrypt'));
  }
  return new Promise((resolve, reject) => {
    decrypt(new XMLSerializer().serializeToString(encrypted), { key }, (error, plaintext) =>
      error ? reject(error) : resolve(plaintext),
    );
  });
}

/**
 * The decrypted assertion as a strict parser reads it, after the checks the posted document
 * got (saml-response-inspector.ts): the plaintext was never inspected, and anyone can encrypt
 * to our published certificate. No DOCTYPE, no comment (CVE-2017-11427), one Assertion.
 */
export function decryptedAssertionElement(assertionXml: string): Element {
  if (/<!DOCTYPE/i.test(assertionXml) || /<!ENTITY/i.test(assertionXml)) {
    throw new SamlRejection('doctype_forbidden', 'the decrypted assertion contains a DOCTYPE');
  }
  if (assertionXml.includes('<!--')) {
    throw new SamlRejection(
      'xml_comment_forbidden',
      'the decrypted assertion contains an XML comment',
    );
  }
  const root = strictDocumentElement(assertionXml);
  if (!root) {
    throw new SamlRejection('malformed', 'the decrypted assertion is not well-formed XML');
  }
  if (root.localName !== 'Assertion') {
    throw new SamlRejection('malformed', 'the encrypted content is not an Assertion');
  }
  return root;
}
