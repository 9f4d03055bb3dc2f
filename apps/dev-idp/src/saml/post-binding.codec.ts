import { DevIdpKeys } from '../keys/dev-idp-keys';
import { signEnveloped, SignatureAlgorithmName } from './xml-signature.signer';

/**
 * Signs a logout message for the HTTP-POST binding (bindings §3.5.5.2): an enveloped XML
 * Signature over the message element itself, placed after its Issuer (core §3.2.1), made with
 * xml-crypto exactly as the SSO responses are.
 */
export function signLogoutMessage(
  xml: string,
  keys: DevIdpKeys,
  algorithm: SignatureAlgorithmName = 'rsa-sha256',
): string {
  return signEnveloped(xml, { keys, algorithm, elementXPath: '/*' });
}

/** The form value of the HTTP-POST binding (bindings §3.5.4): base64, never deflated. */
export function encodePostValue(xml: string): string {
  return Buffer.from(xml, 'utf8').toString('base64');
}
