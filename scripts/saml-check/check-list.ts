import { SamlRejectionReason, SamlValidationStep } from '@app/auth';
import { SamlConfig } from '@app/config';

export interface CheckContext {
  saml: SamlConfig;
  at: Date;
  checkInResponseTo: boolean;
  /** The response's IssueInstant as written, unverified: only ever shown as a hint. */
  issuedAt: string | null;
}

export interface CheckDefinition {
  name: string;
  /** The validation step that makes this check: it has passed once that step has. */
  step: SamlValidationStep;
  /** The refusals that mean this check failed. */
  reasons: SamlRejectionReason[];
  /** Set when another check shares a reason: only a refusal in this step is this check's. */
  onlyIn?: SamlValidationStep;
  expected(context: CheckContext): string;
  fix(context: CheckContext): string;
}

const signed = (required: boolean): string => (required ? 'signed' : 'signature optional');

/**
 * What the ACS checks, in the order its steps run. Two checks share `signature_invalid`:
 * node-saml verifies the signatures, and our own step then refuses SHA-1.
 */
export const CHECKS: CheckDefinition[] = [
  {
    name: 'Document',
    step: 'document',
    reasons: ['malformed', 'doctype_forbidden', 'xml_comment_forbidden'],
    expected: () => 'base64 of one XML document under 256 KiB, no DOCTYPE, no comment',
    fix: () => 'Copy the whole SAMLResponse value unmodified (base64 as posted, or its XML).',
  },
  {
    name: 'Encryption',
    step: 'node_saml',
    reasons: [
      'encryption_required',
      'encryption_algorithm',
      'decryption_key_missing',
      'decryption_failed',
    ],
    expected: ({ saml }) => expectedEncryption(saml),
    fix: () =>
      "Upload SAML_SP_DECRYPTION_CERT as the IdP's encryption certificate, with its key in " +
      'SAML_SP_DECRYPTION_KEY; choose AES-256-GCM and RSA-OAEP (never RSA1_5).',
  },
  {
    name: 'IdP status',
    step: 'node_saml',
    reasons: ['idp_status'],
    expected: () => 'Success',
    fix: () => 'The IdP itself refused the sign-in: check that the person is assigned to the app.',
  },
  {
    name: 'InResponseTo',
    step: 'node_saml',
    reasons: ['in_response_to_invalid'],
    expected: ({ checkInResponseTo }) =>
      checkInResponseTo
        ? 'present (which login requests are open, only the API knows)'
        : 'not required (--no-in-response-to)',
    fix: () => 'Start the sign-in from the application, not from the IdP dashboard.',
  },
  {
    name: 'Signatures',
    step: 'node_saml',
    reasons: ['signature_invalid'],
    onlyIn: 'node_saml',
    expected: ({ saml }) =>
      `Response ${signed(saml.wantResponseSigned)}, Assertion ` +
      `${signed(saml.wantAssertionSigned)}, by a certificate in SAML_IDP_CERT`,
    fix: () =>
      "Put the IdP's active signing certificate in SAML_IDP_CERT, and have the IdP sign what " +
      'SAML_WANT_RESPONSE_SIGNED and SAML_WANT_ASSERTION_SIGNED require.',
  },
  {
    name: 'Time window',
    step: 'node_saml',
    reasons: ['time_window'],
    expected: ({ at, saml }) =>
      `NotBefore..NotOnOrAfter contains ${at.toISOString()} ± ${saml.clockSkewMs / 1000} s`,
    fix: ({ issuedAt }) =>
      issuedAt
        ? `A captured response expires within minutes: try --at ${issuedAt} (its IssueInstant).`
        : 'Synchronise the clocks of the API server and the IdP (NTP).',
  },
  {
    name: 'Audience',
    step: 'node_saml',
    reasons: ['audience_mismatch'],
    expected: ({ saml }) => `includes ${saml.spEntityId} (SAML_SP_ENTITY_ID)`,
    fix: () => "Make the IdP's Audience URI (SP Entity ID) equal SAML_SP_ENTITY_ID exactly.",
  },
  {
    name: 'Algorithms',
    step: 'assertion',
    reasons: ['signature_invalid'],
    onlyIn: 'assertion',
    expected: ({ saml }) =>
      saml.allowSha1Signatures ? 'SHA-1 allowed (SAML_ALLOW_SHA1)' : 'no SHA-1 signature or digest',
    fix: () => 'Set the IdP to RSA-SHA256 and SHA256; SAML_ALLOW_SHA1 only if it cannot.',
  },
  {
    name: 'Issuer',
    step: 'assertion',
    reasons: ['issuer_mismatch'],
    expected: ({ saml }) => `Response and Assertion Issuer = ${saml.idpIssuer} (SAML_IDP_ISSUER)`,
    fix: () => "Copy the IdP's issuer (Okta: Identity Provider Issuer) into SAML_IDP_ISSUER.",
  },
  {
    name: 'Destination',
    step: 'assertion',
    reasons: ['destination_mismatch'],
    expected: ({ saml }) => `absent or ${saml.spAcsUrl} (SAML_SP_ACS_URL)`,
    fix: () => "Make the IdP's Destination (Okta: Single sign-on URL) equal SAML_SP_ACS_URL.",
  },
  {
    name: 'Recipient',
    step: 'assertion',
    reasons: ['recipient_mismatch'],
    expected: ({ saml }) => `every bearer Recipient = ${saml.spAcsUrl} (SAML_SP_ACS_URL)`,
    fix: () => "Make the IdP's Recipient (Okta: Single sign-on URL) equal SAML_SP_ACS_URL.",
  },
  {
    name: 'Identity',
    step: 'assertion',
    reasons: ['missing_identity'],
    expected: ({ saml }) =>
      `a NameID, or else one of the attributes ${saml.attributes.email.join(', ')}`,
    fix: () => 'Have the IdP send a NameID (Okta: Application username) or the email attribute.',
  },
];

/** What the encryption policy (encryption-policy.ts) accepts with these settings. */
function expectedEncryption(saml: SamlConfig): string {
  const required = saml.requireEncryptedAssertions ? 'encrypted' : 'encrypted or not';
  if (!saml.spDecryption) {
    return `${required}; in the clear only (no SAML_SP_DECRYPTION_KEY)`;
  }
  const content = saml.wantResponseSigned ? 'AES-GCM or AES-CBC' : 'AES-GCM';
  return `${required}; ${content} with RSA-OAEP, to SAML_SP_DECRYPTION_CERT`;
}

export function failsOn(
  check: CheckDefinition,
  reason: SamlRejectionReason,
  step: SamlValidationStep,
): boolean {
  return check.reasons.includes(reason) && (check.onlyIn === undefined || check.onlyIn === step);
}
