import { SamlRejection } from './saml-rejection';
import { attribute, child, children, XmlNode } from './saml-xml';

const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';

export interface BearerExpectations {
  acsUrl: string;
  /** The Response's InResponseTo, when it has one. */
  inResponseTo: string | null;
  now: Date;
  skewMs: number;
}

/**
 * The bearer SubjectConfirmation rules of the Web Browser SSO profile (profiles §4.1.4.2),
 * checked here rather than left to node-saml, which applies them only while it also checks
 * InResponseTo against its own cache: every bearer Recipient is this ACS, one bearer is valid
 * now (NotOnOrAfter required), and a bearer InResponseTo names the same request as the Response.
 */
export function checkBearerConfirmation(
  subject: XmlNode | undefined,
  expected: BearerExpectations,
): void {
  const bearers = children(subject, 'SubjectConfirmation')
    .filter((confirmation) => attribute(confirmation, 'Method') === BEARER)
    .map((confirmation) => child(confirmation, 'SubjectConfirmationData'));
  if (
    bearers.length === 0 ||
    bearers.some((data) => attribute(data, 'Recipient') !== expected.acsUrl)
  ) {
    throw new SamlRejection(
      'recipient_mismatch',
      'bearer SubjectConfirmation Recipient is not this ACS',
    );
  }
  const mismatched = bearers.some((data) => {
    const subjectInResponseTo = attribute(data, 'InResponseTo');
    return subjectInResponseTo !== null && subjectInResponseTo !== expected.inResponseTo;
  });
  if (mismatched) {
    throw new SamlRejection(
      'in_response_to_invalid',
      'SubjectConfirmationData InResponseTo does not match',
    );
  }
  if (!bearers.some((data) => isValidNow(data, expected))) {
    throw new SamlRejection('time_window', 'no bearer SubjectConfirmation is valid now');
  }
}

function isValidNow(data: XmlNode | undefined, expected: BearerExpectations): boolean {
  const now = expected.now.getTime();
  const notOnOrAfter = attribute(data, 'NotOnOrAfter');
  const notBefore = attribute(data, 'NotBefore');
  if (notOnOrAfter === null || now - expected.skewMs >= Date.parse(notOnOrAfter)) {
    return false;
  }
  return notBefore === null || now + expected.skewMs >= Date.parse(notBefore);
}
