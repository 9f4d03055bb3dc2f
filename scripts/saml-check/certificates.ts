import { X509Certificate } from 'node:crypto';
import { splitCertificates } from '@app/config';

/**
 * Certificates as an administrator compares them: by SHA-256 fingerprint, subject and expiry.
 * Public certificates only; no key is ever read here.
 */
export function describeCertificate(pem: string): string[] {
  try {
    const certificate = new X509Certificate(pem);
    return [
      certificate.subject.split('\n').join(', '),
      `valid until ${certificate.validTo}`,
      `SHA-256 ${certificate.fingerprint256}`,
    ];
  } catch {
    return ['not a readable X.509 certificate'];
  }
}

/**
 * The certificates the response itself names in its signatures' KeyInfo. The IdP may put any
 * certificate there and node-saml ignores it (only configured certificates verify), but when
 * the signature check fails, seeing which one the IdP signed with tells a stale SAML_IDP_CERT
 * from a tampered document.
 */
export function certificatesNamedIn(samlResponse: string): string[] {
  const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
  const bodies = [...xml.matchAll(/<(?:[\w.-]+:)?X509Certificate>([^<]+)</g)].map((match) =>
    match[1].replace(/\s+/g, ''),
  );
  return splitCertificates([...new Set(bodies)].join(','));
}

export function sameCertificate(a: string, b: string): boolean {
  return fingerprintOf(a) !== null && fingerprintOf(a) === fingerprintOf(b);
}

function fingerprintOf(pem: string): string | null {
  try {
    return new X509Certificate(pem).fingerprint256;
  } catch {
    return null;
  }
}
