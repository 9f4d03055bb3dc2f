import { Element } from '@xmldom/xmldom';
import { isSamlTime } from '../saml-time';
import { strictDocumentElement } from '../saml-xml';
import { SloRejection } from './slo-rejection';

const PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
const ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';

/** What every SAML protocol message carries (SAML core §3.2.1, §3.2.2). */
interface LogoutMessage {
  id: string;
  issueInstant: Date;
  issuer: string | null;
  destination: string | null;
}

/** The IdP's LogoutRequest (SAML core §3.7.1). */
export interface ParsedLogoutRequest extends LogoutMessage {
  nameId: string;
  notOnOrAfter: Date | null;
  sessionIndexes: string[];
}

/** The IdP's answer to our LogoutRequest (SAML core §3.7.2). */
export interface ParsedLogoutResponse extends LogoutMessage {
  inResponseTo: string;
  /** The top-level status code, then the more specific one when there is one. */
  status: string;
  subStatus: string | null;
}

export function parseLogoutRequest(xml: string): ParsedLogoutRequest {
  const root = protocolRoot(xml, 'LogoutRequest');
  const notOnOrAfter = optionalTime(root, 'NotOnOrAfter');
  const identifiers = childElements(root, ASSERTION_NS).filter((node) =>
    ['NameID', 'EncryptedID', 'BaseID'].includes(node.localName ?? ''),
  );
  const nameId = identifiers[0]?.localName === 'NameID' ? text(identifiers[0]) : null;
  if (identifiers.length !== 1 || !nameId) {
    throw new SloRejection('missing_identity', 'the LogoutRequest names no readable NameID');
  }
  const sessionIndexes = childElements(root, PROTOCOL_NS)
    .filter((node) => node.localName === 'SessionIndex')
    .map(text)
    .filter((value): value is string => value !== null);
  return { ...envelope(root), nameId, notOnOrAfter, sessionIndexes };
}

export function parseLogoutResponse(xml: string): ParsedLogoutResponse {
  const root = protocolRoot(xml, 'LogoutResponse');
  const inResponseTo = root.getAttribute('InResponseTo');
  const status = childElements(root, PROTOCOL_NS).find((node) => node.localName === 'Status');
  const codes = status ? statusCodes(status) : [];
  if (!inResponseTo || codes.length === 0) {
    throw new SloRejection('malformed', 'the LogoutResponse has no InResponseTo or no status');
  }
  return { ...envelope(root), inResponseTo, status: codes[0], subStatus: codes[1] ?? null };
}

/**
 * Strictly parsed: no DOCTYPE (entity expansion), no comment (which splits a signed text node,
 * CVE-2017-11427), any parser error refuses the message, as at the ACS.
 */
function protocolRoot(xml: string, localName: string): Element {
  if (/<!DOCTYPE/i.test(xml) || xml.includes('<!--')) {
    throw new SloRejection('malformed', 'the message has a DOCTYPE or a comment');
  }
  const root = strictRoot(xml);
  if (root.namespaceURI !== PROTOCOL_NS || root.localName !== localName) {
    throw new SloRejection('malformed', `the message is not a ${localName}`);
  }
  if (root.getAttribute('Version') !== '2.0') {
    throw new SloRejection('malformed', 'the message Version is not 2.0');
  }
  return root;
}

/** The document element of `xml`; any parser error, even a recoverable one, refuses it. */
export function strictRoot(xml: string): Element {
  const root = strictDocumentElement(xml);
  if (!root) {
    throw new SloRejection('malformed', 'the message is not well-formed XML');
  }
  return root;
}

function envelope(root: Element): LogoutMessage {
  const id = root.getAttribute('ID');
  const issueInstant = optionalTime(root, 'IssueInstant');
  if (!id || !issueInstant) {
    throw new SloRejection('malformed', 'the message has no ID or no IssueInstant');
  }
  const issuers = childElements(root, ASSERTION_NS).filter((node) => node.localName === 'Issuer');
  if (issuers.length > 1) {
    throw new SloRejection('issuer_mismatch', 'the message has more than one Issuer');
  }
  return {
    id,
    issueInstant,
    issuer: issuers[0] ? text(issuers[0]) : null,
    destination: root.hasAttribute('Destination') ? root.getAttribute('Destination') : null,
  };
}

/** Time values are xs:dateTime in UTC (SAML core §1.3.3); anything else is refused. */
function optionalTime(root: Element, name: string): Date | null {
  if (!root.hasAttribute(name)) {
    return null;
  }
  const value = root.getAttribute(name) ?? '';
  if (!isSamlTime(value)) {
    throw new SloRejection('malformed', `${name} is not an xs:dateTime in UTC`);
  }
  return new Date(value);
}

function statusCodes(status: Element): string[] {
  const codes: string[] = [];
  let parent: Element | undefined = status;
  while (parent) {
    const code: Element | undefined = childElements(parent, PROTOCOL_NS).find(
      (node) => node.localName === 'StatusCode',
    );
    const value = code?.getAttribute('Value');
    if (value) {
      codes.push(value);
    }
    parent = code;
  }
  return codes;
}

function childElements(parent: Element, namespace: string): Element[] {
  return Array.from(parent.childNodes).filter(
    (node): node is Element => node.nodeType === 1 && (node as Element).namespaceURI === namespace,
  );
}

function text(node: Element): string | null {
  const value = node.textContent?.trim();
  return value ? value : null;
}
