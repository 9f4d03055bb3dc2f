import { X509Certificate } from 'node:crypto';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

/**
 * Splits a certificate setting into PEM certificates. Accepts one or more PEM blocks, or bare
 * base64 bodies separated by commas or whitespace (what Okta shows as "X.509 Certificate").
 * Several certificates are how an IdP signing key is rotated without downtime.
 */
export function splitCertificates(value: string): string[] {
  const blocks = [...value.matchAll(PEM_BLOCK)].map((match) => match[1]);
  const bodies = blocks.length > 0 ? blocks : value.split(/[,\s]+/);
  return bodies
    .map((body) => body.replace(/\s+/g, ''))
    .filter((body) => body.length > 0)
    .map(toPem);
}

/** Returns a problem for each certificate that does not parse as X.509. */
export function certificateProblems(variable: string, pems: string[]): string[] {
  if (pems.length === 0) {
    return [`${variable}: no certificate found`];
  }
  return pems.flatMap((pem, index) => {
    try {
      new X509Certificate(pem);
      return [];
    } catch {
      return [`${variable}: certificate #${index + 1} is not a valid X.509 certificate`];
    }
  });
}

function toPem(base64Body: string): string {
  const lines = base64Body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
