import { DOMParser, Element, onWarningStopParsing } from '@xmldom/xmldom';
import { inflateRawSync } from 'node:zlib';
import { SAML_NS } from './saml-constants';

export interface ParsedAuthnRequest {
  id: string;
  issuer: string;
  acsUrl?: string;
  issueInstant: string;
  destination?: string;
}

/** Thrown for any SAMLRequest this IdP will not act on; the message is safe to show. */
export class InvalidAuthnRequestError extends Error {
  override readonly name = 'InvalidAuthnRequestError';
}

// AuthnRequests are a few kilobytes; the cap stops a small deflate bomb from eating memory.
const MAX_INFLATED_BYTES = 64 * 1024;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function inflate(samlRequest: string): string {
  const compact = samlRequest.replace(/\s+/g, '');
  if (!BASE64.test(compact)) {
    throw new InvalidAuthnRequestError('SAMLRequest is not base64');
  }
  try {
    const xml = inflateRawSync(Buffer.from(compact, 'base64'), {
      maxOutputLength: MAX_INFLATED_BYTES,
    });
    return xml.toString('utf8');
  } catch {
    throw new InvalidAuthnRequestError('SAMLRequest is not DEFLATE-compressed or is too large');
  }
}

function parseXml(xml: string): Element {
  // A DTD can declare entities that expand without bound; SAML messages never need one.
  if (/<!DOCTYPE/i.test(xml)) {
    throw new InvalidAuthnRequestError('SAMLRequest must not contain a DOCTYPE');
  }
  let root: Element | null;
  try {
    root = new DOMParser({ onError: onWarningStopParsing }).parseFromString(
      xml,
      'text/xml',
    ).documentElement;
  } catch {
    throw new InvalidAuthnRequestError('SAMLRequest is not well-formed XML');
  }
  if (!root) {
    throw new InvalidAuthnRequestError('SAMLRequest has no root element');
  }
  return root;
}

function childIssuer(root: Element): string | undefined {
  for (let node = root.firstChild; node; node = node.nextSibling) {
    const isIssuer =
      node.nodeType === node.ELEMENT_NODE &&
      node.namespaceURI === SAML_NS.assertion &&
      node.localName === 'Issuer';
    if (isIssuer) {
      return node.textContent?.trim();
    }
  }
  return undefined;
}

function optionalAttribute(root: Element, name: string): string | undefined {
  return root.hasAttribute(name) ? (root.getAttribute(name) ?? undefined) : undefined;
}

/**
 * Decodes a SAMLRequest received through the HTTP-Redirect binding (SAML Bindings §3.4.4.1:
 * base64 of a raw DEFLATE stream) and reads the fields an IdP needs (SAML Core §3.4.1).
 * A signature on the query string is checked apart, on the raw query (see SsoService).
 */
export function parseRedirectAuthnRequest(samlRequest: string): ParsedAuthnRequest {
  const root = parseXml(inflate(samlRequest));

  if (root.namespaceURI !== SAML_NS.protocol || root.localName !== 'AuthnRequest') {
    throw new InvalidAuthnRequestError('SAMLRequest is not a samlp:AuthnRequest');
  }
  if (root.getAttribute('Version') !== '2.0') {
    throw new InvalidAuthnRequestError('AuthnRequest Version must be 2.0');
  }

  const id = root.getAttribute('ID');
  const issueInstant = root.getAttribute('IssueInstant');
  const issuer = childIssuer(root);
  if (!id || !issueInstant || !issuer) {
    throw new InvalidAuthnRequestError('AuthnRequest needs an ID, an IssueInstant and an Issuer');
  }

  return {
    id,
    issuer,
    issueInstant,
    acsUrl: optionalAttribute(root, 'AssertionConsumerServiceURL'),
    destination: optionalAttribute(root, 'Destination'),
  };
}
