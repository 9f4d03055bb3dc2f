import { createSign, createVerify, X509Certificate } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { DevIdpKeys } from '../keys/dev-idp-keys';
import { XML_DSIG_URI } from './saml-constants';

export type RedirectMessageKind = 'SAMLRequest' | 'SAMLResponse';

/** Thrown for a redirect-binding message this IdP will not act on; the message is safe to show. */
export class InvalidRedirectMessageError extends Error {
  override readonly name = 'InvalidRedirectMessageError';
}

const MAX_INFLATED_BYTES = 64 * 1024;

/**
 * Encodes a SAML message for the HTTP-Redirect binding (bindings §3.4.4.1): DEFLATE, base64,
 * URL-encoding, and with `keys` an RSA-SHA256 signature over
 * `SAMLRequest=…&RelayState=…&SigAlg=…` exactly as those bytes appear in the query.
 */
export function encodeRedirectQuery(
  kind: RedirectMessageKind,
  xml: string,
  relayState: string | null,
  keys: Pick<DevIdpKeys, 'privateKeyPem'> | null,
): string {
  const parts = [`${kind}=${encodeURIComponent(deflateRawSync(xml).toString('base64'))}`];
  if (relayState !== null) {
    parts.push(`RelayState=${encodeURIComponent(relayState)}`);
  }
  if (!keys) {
    return parts.join('&');
  }
  parts.push(`SigAlg=${encodeURIComponent(XML_DSIG_URI.rsaSha256)}`);
  const signature = createSign('RSA-SHA256')
    .update(parts.join('&'))
    .sign(keys.privateKeyPem, 'base64');
  return `${parts.join('&')}&Signature=${encodeURIComponent(signature)}`;
}

export interface DecodedRedirectMessage {
  kind: RedirectMessageKind;
  xml: string;
  relayState: string | null;
}

/**
 * Verifies a redirect-binding message signed with RSA-SHA256 by `certPem` and inflates it.
 * The signed octets are the parameters as received, never re-encoded.
 */
export function decodeSignedRedirectQuery(
  rawQuery: string,
  certPem: string,
): DecodedRedirectMessage {
  const raw = new Map<string, string>();
  for (const pair of rawQuery.split('&')) {
    const at = pair.indexOf('=');
    const name = at < 0 ? pair : pair.slice(0, at);
    if (raw.has(name)) {
      throw new InvalidRedirectMessageError(`${name} is repeated`);
    }
    raw.set(name, at < 0 ? '' : pair.slice(at + 1));
  }
  const kind: RedirectMessageKind = raw.has('SAMLRequest') ? 'SAMLRequest' : 'SAMLResponse';
  const decode = (name: string): string | null => {
    const value = raw.get(name);
    return value === undefined ? null : decodeURIComponent(value.replace(/\+/g, ' '));
  };
  if (decode('SigAlg') !== XML_DSIG_URI.rsaSha256 || !raw.has('Signature') || !raw.has(kind)) {
    throw new InvalidRedirectMessageError('expected a message signed with RSA-SHA256');
  }
  const signed = [kind, 'RelayState', 'SigAlg']
    .filter((name) => raw.has(name))
    .map((name) => `${name}=${raw.get(name)}`)
    .join('&');
  const verifies = createVerify('RSA-SHA256')
    .update(signed)
    .verify(new X509Certificate(certPem).publicKey, decode('Signature') ?? '', 'base64');
  if (!verifies) {
    throw new InvalidRedirectMessageError('the signature does not verify with the SP certificate');
  }
  return { kind, xml: inflate(decode(kind) ?? ''), relayState: decode('RelayState') };
}

function inflate(message: string): string {
  try {
    return inflateRawSync(Buffer.from(message, 'base64'), {
      maxOutputLength: MAX_INFLATED_BYTES,
    }).toString('utf8');
  } catch {
    throw new InvalidRedirectMessageError('the message is not DEFLATE-compressed or is too large');
  }
}
