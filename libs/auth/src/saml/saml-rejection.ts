import { SamlStatusError } from '@node-saml/node-saml';

/**
 * Why a SAML response was refused. The code goes to logs and audit; the person sees a short
 * description. Neither ever carries the document or any part of the identity.
 */
export type SamlRejectionReason =
  | 'malformed'
  | 'doctype_forbidden'
  | 'xml_comment_forbidden'
  | 'signature_invalid'
  | 'issuer_mismatch'
  | 'audience_mismatch'
  | 'destination_mismatch'
  | 'recipient_mismatch'
  | 'time_window'
  | 'in_response_to_invalid'
  | 'unknown_login_request'
  | 'replayed_assertion'
  | 'missing_identity'
  | 'idp_status'
  | 'encryption_required'
  | 'encryption_algorithm'
  | 'decryption_key_missing'
  | 'decryption_failed'
  | 'rejected';

export class SamlRejection extends Error {
  constructor(
    readonly reason: SamlRejectionReason,
    message: string,
    /** For `idp_status`: the IdP's status code, e.g. AuthnFailed. */
    readonly idpStatus?: string,
  ) {
    super(message);
    this.name = 'SamlRejection';
  }
}

/** Readable text for the frontend's `error_description`. */
export function describeRejection(rejection: SamlRejection): string {
  if (rejection.reason === 'idp_status') {
    const status = rejection.idpStatus ?? 'unknown status';
    return `The identity provider did not sign you in (${status}).`;
  }
  if (rejection.reason === 'time_window') {
    return 'The sign-in response has expired or is not yet valid. Please sign in again.';
  }
  if (
    rejection.reason === 'unknown_login_request' ||
    rejection.reason === 'in_response_to_invalid'
  ) {
    return 'This sign-in attempt is unknown, expired or already used. Please sign in again.';
  }
  return 'The identity provider response could not be accepted. Please sign in again.';
}

/** Classifies node-saml's errors, which are plain `Error`s with a message, into our reasons. */
export function rejectionFromNodeSamlError(error: unknown): SamlRejection {
  if (error instanceof SamlRejection) {
    return error;
  }
  if (error instanceof SamlStatusError) {
    return new SamlRejection('idp_status', error.message, mostSpecificStatus(error.xmlStatus));
  }
  const message = error instanceof Error ? error.message : String(error);
  const rules: [RegExp, SamlRejectionReason][] = [
    [/signature|multiple assertions|Cannot obtain assertion/i, 'signature_invalid'],
    // xml-crypto reading a ds:Signature it cannot use (no SignedInfo parts, unknown algorithm).
    [
      /CanonicalizationMethod|canonicalization algorithm|Reference elements|DigestValue|ref URI/i,
      'signature_invalid',
    ],
    // xml-encryption and node:crypto failing on a ciphertext: a wrong key or an altered
    // ciphertext (OAEP decoding, GCM tag, CBC padding, which xml-encryption 3 reports as a
    // ReferenceError), or a plaintext that is not one Assertion.
    [/decrypt|authenticate data|rsa routines|oaep|key length|callback is/i, 'decryption_failed'],
    [/EncryptedAssertion content/i, 'decryption_failed'],
    [/expired|not yet valid|too old|subject confirmation/i, 'time_window'],
    [/audience/i, 'audience_mismatch'],
    [/InResponseTo/i, 'in_response_to_invalid'],
    [/issuer/i, 'issuer_mismatch'],
    [/SAML provider returned/i, 'idp_status'],
    [
      /Missing SAML assertion|Unknown SAML response|non-whitespace|Invalid character|parse|xml/i,
      'malformed',
    ],
    // node-saml's "Error parsing NotOnOrAfter: '…' is not a valid date".
    [/not a valid date/i, 'malformed'],
  ];
  const reason = rules.find(([pattern]) => pattern.test(message))?.[1] ?? 'rejected';
  return new SamlRejection(reason, message);
}

/**
 * The innermost status code, which is the specific one: Okta sends AuthnFailed either alone or
 * inside Responder (SAML core §3.2.2.2). Read from the codes, never from the IdP's free-text
 * StatusMessage, which node-saml puts in its error message and which may name the person.
 */
function mostSpecificStatus(statusXml: string): string | undefined {
  const codes = [...statusXml.matchAll(/Value="urn:oasis:names:tc:SAML:2\.0:status:(\w+)"/g)];
  return codes.at(-1)?.[1];
}
