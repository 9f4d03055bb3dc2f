import { createPublicKey } from 'node:crypto';
import { DevIdpKeys } from '@app/dev-idp';
import { ALG, SignatureSpec } from './hostile-signer';
import { NS } from './saml-dom';

export interface Signers {
  idp: DevIdpKeys;
  attacker: DevIdpKeys;
  /** A loopback URL that counts connections (see `openCanary`). */
  canaryUrl: (path: string) => string;
}

export interface SignatureCase {
  name: string;
  spec: (signers: Signers) => SignatureSpec;
}

const certBody = (pem: string): string => pem.replace(/-----[^-]+-----|\s/g, '');
const x509 = (...pems: string[]): string =>
  '<ds:X509Data>' +
  pems.map((pem) => `<ds:X509Certificate>${certBody(pem)}</ds:X509Certificate>`).join('') +
  '</ds:X509Data>';

/** The attacker's public key as an RSAKeyValue (XML Signature §4.5.2.2), base64 not base64url. */
function rsaKeyValue(keys: DevIdpKeys): string {
  const { n, e } = createPublicKey(keys.certPem).export({ format: 'jwk' });
  const b64 = (value = ''): string => Buffer.from(value, 'base64url').toString('base64');
  return (
    `<ds:KeyValue><ds:RSAKeyValue><ds:Modulus>${b64(n)}</ds:Modulus>` +
    `<ds:Exponent>${b64(e)}</ds:Exponent></ds:RSAKeyValue></ds:KeyValue>`
  );
}

/** Signed by the attacker, who offers key material of his choosing in KeyInfo. */
export const KEY_INFO_CASES: SignatureCase[] = [
  {
    name: 'the attacker key, its certificate in KeyInfo',
    spec: (s) => ({ keys: s.attacker, keyInfo: x509(s.attacker.certPem) }),
  },
  {
    name: 'the attacker key, its certificate and then the trusted one in KeyInfo',
    spec: (s) => ({ keys: s.attacker, keyInfo: x509(s.attacker.certPem, s.idp.certPem) }),
  },
  {
    name: 'the attacker key, the trusted certificate and then its own in KeyInfo',
    spec: (s) => ({ keys: s.attacker, keyInfo: x509(s.idp.certPem, s.attacker.certPem) }),
  },
  {
    name: 'the attacker key, only the trusted certificate in KeyInfo',
    spec: (s) => ({ keys: s.attacker, keyInfo: x509(s.idp.certPem) }),
  },
  {
    name: 'the attacker key, as an RSAKeyValue in KeyInfo',
    spec: (s) => ({ keys: s.attacker, keyInfo: rsaKeyValue(s.attacker) }),
  },
];

/**
 * HMAC keyed with what the SP holds in public, the trusted certificate (as node-saml normalises
 * it): a verifier that lets the document choose the algorithm would check it with that PEM.
 */
export const HMAC_CASES: SignatureCase[] = [
  {
    name: 'HMAC-SHA256 keyed with the trusted certificate',
    spec: (s) => ({
      keys: s.idp,
      signatureAlgorithm: ALG.hmacSha256,
      hmacKey: `${s.idp.certPem.trim()}\n`,
      keyInfo: '',
    }),
  },
];

/** Needing only the IdP's keys, so that they can be tried where SHA-1 is allowed as well. */
export const SHA1_CASES: {
  name: string;
  spec: (signers: Pick<Signers, 'idp'>) => SignatureSpec;
}[] = [
  {
    name: 'RSA-SHA1 and SHA-1 digests',
    spec: (s) => ({ keys: s.idp, signatureAlgorithm: ALG.rsaSha1, digestAlgorithm: ALG.sha1 }),
  },
  {
    name: 'RSA-SHA1 and SHA-256 digests',
    spec: (s) => ({ keys: s.idp, signatureAlgorithm: ALG.rsaSha1 }),
  },
  {
    name: 'RSA-SHA256 and SHA-1 digests',
    spec: (s) => ({ keys: s.idp, digestAlgorithm: ALG.sha1 }),
  },
];

/** Everything but enveloped-signature then exclusive c14n (SAML core §5.4.3, §5.4.4). */
export const TRANSFORM_CASES: SignatureCase[] = [
  {
    name: 'an inclusive c14n transform',
    spec: (s) => ({ keys: s.idp, transforms: [ALG.enveloped, ALG.c14n] }),
  },
  {
    name: 'an inclusive c14n with comments transform',
    spec: (s) => ({ keys: s.idp, transforms: [ALG.enveloped, ALG.c14nWithComments] }),
  },
  {
    name: 'enveloped-signature alone (inclusive c14n implied)',
    spec: (s) => ({ keys: s.idp, transforms: [ALG.enveloped] }),
  },
  {
    name: 'inclusive c14n for SignedInfo',
    spec: (s) => ({ keys: s.idp, canonicalization: ALG.c14n }),
  },
  {
    name: 'inclusive c14n with comments for SignedInfo',
    spec: (s) => ({ keys: s.idp, canonicalization: ALG.c14nWithComments }),
  },
  {
    name: 'an XPath filter transform',
    spec: (s) => ({
      keys: s.idp,
      transforms: [ALG.xpath, ALG.excC14n],
      transformContent: {
        algorithm: ALG.xpath,
        xml: `<ds:XPath xmlns:ds="${NS.dsig}">not(ancestor-or-self::ds:Signature)</ds:XPath>`,
      },
    }),
  },
  {
    name: 'an XSLT transform that fetches a document',
    spec: (s) => ({
      keys: s.idp,
      transforms: [ALG.enveloped, ALG.xslt],
      transformContent: {
        algorithm: ALG.xslt,
        xml:
          '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">' +
          '<xsl:template match="/">' +
          `<xsl:copy-of select="document('${s.canaryUrl('/xslt')}')"/>` +
          '</xsl:template></xsl:stylesheet>',
      },
    }),
  },
];
