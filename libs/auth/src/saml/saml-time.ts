import { Element } from '@xmldom/xmldom';
import { SamlRejection } from './saml-rejection';
import { attribute, child, children, XmlNode } from './saml-xml';

/** xs:dateTime in UTC, with or without fractions of a second. */
const UTC_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * Every time value of the Response and of its signed assertion must be an xs:dateTime in UTC
 * (SAML core §1.3.3). node-saml reads them with `Date.parse`, which takes "2030", RFC 2822
 * dates and 30 February, and skips an empty NotOnOrAfter, so an assertion would never expire.
 */
export function checkTimeValues(response: Element, assertion: XmlNode): void {
  const subject = child(assertion, 'Subject');
  const confirmations = children(subject, 'SubjectConfirmation').map((c) =>
    child(c, 'SubjectConfirmationData'),
  );
  const values = [
    response.getAttributeNode('IssueInstant')?.value ?? null,
    attribute(assertion, 'IssueInstant'),
    ...validityWindow(child(assertion, 'Conditions')),
    ...confirmations.flatMap(validityWindow),
    ...children(assertion, 'AuthnStatement').flatMap((statement) => [
      attribute(statement, 'AuthnInstant'),
      attribute(statement, 'SessionNotOnOrAfter'),
    ]),
  ];
  if (values.some((value) => value !== null && !isSamlTime(value))) {
    throw new SamlRejection('malformed', 'a time value is not an xs:dateTime in UTC');
  }
}

function validityWindow(node: XmlNode | undefined): (string | null)[] {
  return [attribute(node, 'NotBefore'), attribute(node, 'NotOnOrAfter')];
}

export function isSamlTime(value: string): boolean {
  if (!UTC_DATE_TIME.test(value)) {
    return false;
  }
  const ms = Date.parse(value);
  // Date.parse rolls 30 February over to March; a real instant reads back the same.
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 19) === value.slice(0, 19);
}
