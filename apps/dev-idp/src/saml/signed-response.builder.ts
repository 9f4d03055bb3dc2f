import { DevIdpKeys } from '../keys/dev-idp-keys';
import { AssertionEncryption, encryptAssertion } from './assertion.encryptor';
import { renderAssertion, SamlAttribute } from './saml-assertion.template';
import { SAML_URI } from './saml-constants';
import { randomSamlId } from './saml-id.util';
import { renderResponse } from './saml-response.template';
import { SignatureAlgorithmName, signEnveloped } from './xml-signature.signer';

export interface DevIdpUser {
  email: string;
  firstName: string;
  lastName: string;
  groups: string[];
  /** Defaults to the email address. */
  nameId?: string;
}

export interface SignedResponseOptions {
  keys: DevIdpKeys;
  issuer: string;
  audience: string | string[];
  acsUrl: string;
  inResponseTo?: string | null;
  user: DevIdpUser;
  now?: Date;
  lifetimeSeconds?: number;
  sign?: 'both' | 'response' | 'assertion' | 'none';
  signatureAlgorithm?: SignatureAlgorithmName;
  statusCode?: string;
  responseId?: string;
  assertionId?: string;
  destination?: string;
  recipient?: string;
  responseIssuer?: string;
  notBefore?: Date;
  notOnOrAfter?: Date;
  attributeNames?: { email?: string; firstName?: string; lastName?: string; groups?: string };
  /** Defaults to emailAddress, as Okta sends for an email NameID. */
  nameIdFormat?: string;
  /** Encrypt the (signed) assertion to the SP's certificate; unset sends it in the clear. */
  encryption?: AssertionEncryption;
}

const DEFAULT_LIFETIME_SECONDS = 300;
// Okta back-dates NotBefore by a few minutes so that service providers with a slow clock
// still accept the assertion.
const NOT_BEFORE_SKEW_MS = 5 * 60 * 1000;

const RESPONSE_XPATH = "/*[local-name()='Response']";
const ASSERTION_XPATH = `${RESPONSE_XPATH}/*[local-name()='Assertion']`;

function userAttributes(opts: SignedResponseOptions): SamlAttribute[] {
  const names = opts.attributeNames ?? {};
  const { user } = opts;
  const attributes: SamlAttribute[] = [
    { name: names.email ?? 'email', values: [user.email] },
    { name: names.firstName ?? 'firstName', values: [user.firstName] },
    { name: names.lastName ?? 'lastName', values: [user.lastName] },
  ];
  // An Attribute with no values says nothing, so a user without groups gets none.
  if (user.groups.length > 0) {
    attributes.push({ name: names.groups ?? 'groups', values: user.groups });
  }
  return attributes;
}

function renderSuccessAssertion(opts: SignedResponseOptions, now: Date, id: string): string {
  const lifetimeMs = (opts.lifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS) * 1000;
  const notOnOrAfter = opts.notOnOrAfter ?? new Date(now.getTime() + lifetimeMs);
  const audiences = Array.isArray(opts.audience) ? opts.audience : [opts.audience];

  return renderAssertion({
    id,
    issueInstant: now.toISOString(),
    issuer: opts.issuer,
    nameId: opts.user.nameId ?? opts.user.email,
    nameIdFormat: opts.nameIdFormat ?? SAML_URI.nameIdEmail,
    inResponseTo: opts.inResponseTo ?? undefined,
    recipient: opts.recipient ?? opts.acsUrl,
    subjectNotOnOrAfter: notOnOrAfter.toISOString(),
    notBefore: (opts.notBefore ?? new Date(now.getTime() - NOT_BEFORE_SKEW_MS)).toISOString(),
    notOnOrAfter: notOnOrAfter.toISOString(),
    audiences,
    sessionIndex: id,
    attributes: userAttributes(opts),
  });
}

/**
 * Builds a SAML 2.0 Response for `opts.user` and signs it the way Okta does: the assertion
 * first, then (with `encryption`) replaces it by its EncryptedAssertion, then signs the response
 * around it, so each signature verifies on its own. A non-success status yields a response
 * without an assertion (SAML Core §3.2.2).
 */
export function buildSignedResponse(opts: SignedResponseOptions): string {
  const now = opts.now ?? new Date();
  const statusCode = opts.statusCode ?? SAML_URI.statusSuccess;
  const sign = opts.sign ?? 'both';
  const algorithm = opts.signatureAlgorithm ?? 'rsa-sha256';
  const hasAssertion = statusCode === SAML_URI.statusSuccess;
  const assertionId = opts.assertionId ?? randomSamlId();

  let xml = renderResponse({
    id: opts.responseId ?? randomSamlId(),
    issueInstant: now.toISOString(),
    issuer: opts.responseIssuer ?? opts.issuer,
    destination: opts.destination ?? opts.acsUrl,
    inResponseTo: opts.inResponseTo ?? undefined,
    statusCode,
    assertionXml: hasAssertion ? renderSuccessAssertion(opts, now, assertionId) : undefined,
  });

  if (hasAssertion && (sign === 'both' || sign === 'assertion')) {
    xml = signEnveloped(xml, { keys: opts.keys, algorithm, elementXPath: ASSERTION_XPATH });
  }
  if (hasAssertion && opts.encryption) {
    xml = encryptAssertion(xml, opts.encryption);
  }
  if (sign === 'both' || sign === 'response') {
    xml = signEnveloped(xml, { keys: opts.keys, algorithm, elementXPath: RESPONSE_XPATH });
  }
  return xml;
}
