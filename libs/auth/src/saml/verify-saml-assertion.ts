import { Element } from '@xmldom/xmldom';
import { Profile } from '@node-saml/node-saml';
import { SamlConfig } from '@app/config';
import { decryptedAssertionElement, decryptedAssertionOf } from './decrypted-assertion';
import { SamlIdentity } from './saml-identity';
import { SamlRejection } from './saml-rejection';
import { attributeValues, mapAttributes } from './saml-attributes';
import { checkTimeValues } from './saml-time';
import { attribute, child, children, strictDocumentElement, textOf, XmlNode } from './saml-xml';
import { checkSignatureAlgorithms, checkSignaturePolicy } from './signature-policy';
import { checkBearerConfirmation } from './subject-confirmation';

export interface VerifiedAssertion {
  identity: SamlIdentity;
  assertionId: string;
  inResponseTo: string | null;
  /** Until when the assertion could be replayed; its ID is remembered that long. */
  expiresAt: Date;
}

/**
 * The checks node-saml leaves to the service provider, on a profile whose signature node-saml
 * has verified: the signature algorithms and transforms, time values (SAML core §1.3.3), Issuer
 * (§2.2.5), Destination (bindings §3.5.5.2), bearer Recipient (profiles §4.1.4.3); then the
 * identity, mapped from attributes named by configuration.
 */
export function verifySamlAssertion(
  profile: Profile,
  saml: SamlConfig,
  now: Date,
): VerifiedAssertion {
  const responseXml = profile.getSamlResponseXml?.() ?? '';
  const response = responseElement(responseXml);
  checkSignaturePolicy(response, responseXml, saml);
  checkDecryptedAssertion(profile, saml);
  // xml2js keeps the root element as an object, not as a one-element array like its children.
  const assertion = (profile.getAssertion?.() as { Assertion?: XmlNode } | undefined)?.Assertion;
  if (!assertion) {
    throw new SamlRejection('malformed', 'no assertion in the verified response');
  }
  checkTimeValues(response, assertion);

  const issuer = textOf(child(assertion, 'Issuer'));
  if (issuer !== saml.idpIssuer) {
    throw new SamlRejection('issuer_mismatch', 'assertion Issuer is not the configured IdP');
  }
  checkResponseEnvelope(response, saml);

  const subject = child(assertion, 'Subject');
  const inResponseTo = typeof profile.inResponseTo === 'string' ? profile.inResponseTo : null;
  checkBearerConfirmation(subject, {
    acsUrl: saml.spAcsUrl,
    inResponseTo,
    now,
    skewMs: saml.clockSkewMs,
  });
  const attributes = mapAttributes(attributeValues(assertion), saml);
  const nameId = subjectIdentifier(subject, attributes.email);
  const assertionId = attribute(assertion, 'ID');
  if (!nameId || !assertionId) {
    throw new SamlRejection('missing_identity', 'assertion has no NameID or ID');
  }

  return {
    identity: { issuer, nameId, ...attributes },
    assertionId,
    inResponseTo,
    expiresAt: assertionExpiry(assertion, subject, now, saml.loginTtlMs),
  };
}

/**
 * The Response as a strict parser reads it. node-saml's parser lets documents through that are
 * not well-formed (text after the root element, for one; XML 1.0 §2.1 allows only comments,
 * processing instructions and white space there), so any parse error refuses the response.
 */
function responseElement(responseXml: string): Element {
  const root = strictDocumentElement(responseXml);
  if (!root) {
    throw new SamlRejection('malformed', 'SAMLResponse is not well-formed XML');
  }
  if (root.localName !== 'Response') {
    throw new SamlRejection('malformed', 'root is not a Response');
  }
  return root;
}

/**
 * An encrypted assertion's own signature is inside the ciphertext, out of the Response's sight:
 * its algorithms are checked on the decrypted assertion. Unencrypted is refused again here when
 * encryption is required, whatever path the profile came by.
 */
function checkDecryptedAssertion(profile: Profile, saml: SamlConfig): void {
  const decrypted = decryptedAssertionOf(profile);
  if (decrypted === null && saml.requireEncryptedAssertions) {
    throw new SamlRejection('encryption_required', 'the assertion was not encrypted');
  }
  if (decrypted !== null) {
    checkSignatureAlgorithms(decryptedAssertionElement(decrypted), saml);
  }
}

function checkResponseEnvelope(root: Element, saml: SamlConfig): void {
  // Present means it must match, even when empty (bindings §3.5.5.2).
  if (root.hasAttribute('Destination') && root.getAttribute('Destination') !== saml.spAcsUrl) {
    throw new SamlRejection('destination_mismatch', 'Response Destination is not this ACS');
  }
  const issuers = Array.from(root.childNodes).filter(
    (node) => node.nodeType === 1 && (node as Element).localName === 'Issuer',
  );
  const issuer = issuers[0]?.textContent?.trim();
  if (issuers.length > 1 || (issuer !== undefined && issuer !== saml.idpIssuer)) {
    throw new SamlRejection('issuer_mismatch', 'Response Issuer is not the configured IdP');
  }
}

/**
 * The NameID; or, when the Subject carries no identifier at all (SAML core §2.4.1 makes it
 * optional, and AD FS sends none unless a claim rule issues one), the signed email attribute.
 * An empty NameID, or an encrypted or base identifier we cannot read, is no identity.
 */
function subjectIdentifier(subject: XmlNode | undefined, email: string | null): string | null {
  const identifiers = ['NameID', 'EncryptedID', 'BaseID'].flatMap((tag) => children(subject, tag));
  if (identifiers.length === 0) {
    return email;
  }
  return textOf(child(subject, 'NameID'));
}

function assertionExpiry(
  assertion: XmlNode,
  subject: XmlNode | undefined,
  now: Date,
  fallbackMs: number,
): Date {
  const candidates = [
    attribute(child(assertion, 'Conditions'), 'NotOnOrAfter'),
    ...children(subject, 'SubjectConfirmation').map((c) =>
      attribute(child(c, 'SubjectConfirmationData'), 'NotOnOrAfter'),
    ),
  ]
    .filter((value): value is string => value !== null)
    .map((value) => Date.parse(value))
    .filter((ms) => Number.isFinite(ms));
  const latest = candidates.length > 0 ? Math.max(...candidates) : now.getTime() + fallbackMs;
  return new Date(Math.max(latest, now.getTime()));
}
