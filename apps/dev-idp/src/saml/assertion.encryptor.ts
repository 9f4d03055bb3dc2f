import {
  constants,
  createCipheriv,
  publicEncrypt,
  randomBytes,
  X509Certificate,
} from 'node:crypto';
import { DOMParser, Element, XMLSerializer } from '@xmldom/xmldom';
import { SAML_NS, XML_DSIG_URI } from './saml-constants';
import { randomSamlId } from './saml-id.util';

export type ContentEncryption = 'aes256-gcm' | 'aes128-gcm' | 'aes256-cbc' | 'aes128-cbc';
/** RSA-OAEP as Okta sends it; RSA1_5 only so that tests can show it refused. */
export type KeyTransport = 'rsa-oaep-mgf1p' | 'rsa-1_5';

export interface AssertionEncryption {
  /** The SP's encryption certificate (PEM): its public key wraps the content key. */
  certificatePem: string;
  /** Defaults to AES-256-GCM. */
  contentEncryption?: ContentEncryption;
  /** Defaults to RSA-OAEP (MGF1 and digest SHA-1). */
  keyTransport?: KeyTransport;
}

const XMLENC_NS = 'http://www.w3.org/2001/04/xmlenc#';
const XMLENC11_NS = 'http://www.w3.org/2009/xmlenc11#';

interface ContentCipher {
  uri: string;
  cipher: 'aes-256-gcm' | 'aes-128-gcm' | 'aes-256-cbc' | 'aes-128-cbc';
  keyBytes: number;
  ivBytes: number;
}

/** XML Encryption 1.1 §5.2: algorithm URIs, key and IV sizes (GCM: 96-bit IV, §5.2.4). */
const CONTENT: Record<ContentEncryption, ContentCipher> = {
  'aes256-gcm': {
    uri: `${XMLENC11_NS}aes256-gcm`,
    cipher: 'aes-256-gcm',
    keyBytes: 32,
    ivBytes: 12,
  },
  'aes128-gcm': {
    uri: `${XMLENC11_NS}aes128-gcm`,
    cipher: 'aes-128-gcm',
    keyBytes: 16,
    ivBytes: 12,
  },
  'aes256-cbc': { uri: `${XMLENC_NS}aes256-cbc`, cipher: 'aes-256-cbc', keyBytes: 32, ivBytes: 16 },
  'aes128-cbc': { uri: `${XMLENC_NS}aes128-cbc`, cipher: 'aes-128-cbc', keyBytes: 16, ivBytes: 16 },
};

const KEY_TRANSPORT: Record<KeyTransport, { uri: string; padding: number }> = {
  'rsa-oaep-mgf1p': {
    uri: `${XMLENC_NS}rsa-oaep-mgf1p`,
    padding: constants.RSA_PKCS1_OAEP_PADDING,
  },
  'rsa-1_5': { uri: `${XMLENC_NS}rsa-1_5`, padding: constants.RSA_PKCS1_PADDING },
};

/**
 * Replaces the Response's (already signed) Assertion with an EncryptedAssertion for the SP, as
 * Okta does before signing the Response: SAML Core §2.3.4 and §6.1, XML Encryption 1.1 §3.
 * The assertion is the plaintext, serialized on its own with the namespaces it uses; a fresh
 * content key encrypts it, and the SP's RSA key wraps that key (XML Encryption 1.1 §5.5).
 */
export function encryptAssertion(responseXml: string, encryption: AssertionEncryption): string {
  const doc = new DOMParser().parseFromString(responseXml, 'text/xml');
  const response = doc.documentElement;
  const assertion = Array.from(response?.childNodes ?? []).find(
    (node): node is Element => node.nodeType === 1 && (node as Element).localName === 'Assertion',
  );
  if (!response || !assertion) {
    throw new Error('the response has no Assertion to encrypt');
  }
  const plaintext = new XMLSerializer().serializeToString(assertion);
  const encryptedXml = renderEncryptedAssertion(plaintext, encryption);
  const encrypted = new DOMParser().parseFromString(encryptedXml, 'text/xml').documentElement;
  if (!encrypted) {
    throw new Error('the EncryptedAssertion did not parse');
  }
  response.replaceChild(doc.importNode(encrypted, true), assertion);
  return new XMLSerializer().serializeToString(doc);
}

function renderEncryptedAssertion(plaintext: string, encryption: AssertionEncryption): string {
  const content = CONTENT[encryption.contentEncryption ?? 'aes256-gcm'];
  const transport = KEY_TRANSPORT[encryption.keyTransport ?? 'rsa-oaep-mgf1p'];
  const key = randomBytes(content.keyBytes);
  const cipherValue = encryptContent(content, key, Buffer.from(plaintext, 'utf8'));
  const certificate = new X509Certificate(encryption.certificatePem);
  const wrappedKey = publicEncrypt(
    { key: certificate.publicKey, padding: transport.padding, oaepHash: 'sha1' },
    key,
  );
  const certBody = certificate.raw.toString('base64');
  // RSA-OAEP's digest is SHA-1 unless a DigestMethod says otherwise (§5.5.2); Okta states it.
  const digest =
    transport.padding === constants.RSA_PKCS1_OAEP_PADDING
      ? `<ds:DigestMethod Algorithm="${XML_DSIG_URI.sha1}"/>`
      : '';
  return (
    `<saml2:EncryptedAssertion xmlns:saml2="${SAML_NS.assertion}">` +
    `<xenc:EncryptedData xmlns:xenc="${XMLENC_NS}" Id="${randomSamlId()}" ` +
    `Type="${XMLENC_NS}Element">` +
    `<xenc:EncryptionMethod Algorithm="${content.uri}"/>` +
    `<ds:KeyInfo xmlns:ds="${SAML_NS.xmlDsig}">` +
    `<xenc:EncryptedKey Id="${randomSamlId()}">` +
    `<xenc:EncryptionMethod Algorithm="${transport.uri}">${digest}</xenc:EncryptionMethod>` +
    `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certBody}</ds:X509Certificate>` +
    '</ds:X509Data></ds:KeyInfo>' +
    `<xenc:CipherData><xenc:CipherValue>${wrappedKey.toString('base64')}</xenc:CipherValue>` +
    '</xenc:CipherData></xenc:EncryptedKey></ds:KeyInfo>' +
    `<xenc:CipherData><xenc:CipherValue>${cipherValue}</xenc:CipherValue></xenc:CipherData>` +
    '</xenc:EncryptedData></saml2:EncryptedAssertion>'
  );
}

/**
 * The CipherValue: the IV, then the ciphertext, then for GCM the 128-bit tag (§5.2.4); CBC pads
 * as §5.2 asks, which PKCS#7 padding satisfies.
 */
function encryptContent(content: ContentCipher, key: Buffer, plaintext: Buffer): string {
  const iv = randomBytes(content.ivBytes);
  if (content.cipher === 'aes-256-gcm' || content.cipher === 'aes-128-gcm') {
    const cipher = createCipheriv(content.cipher, key, iv);
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
  }
  const cipher = createCipheriv(content.cipher, key, iv);
  return Buffer.concat([iv, cipher.update(plaintext), cipher.final()]).toString('base64');
}
