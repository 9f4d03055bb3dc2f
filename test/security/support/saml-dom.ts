import { DOMParser, Document, Element, Node, XMLSerializer } from '@xmldom/xmldom';

/** Namespaces of the documents the tests take apart (SAML core §2, §3; XML Signature). */
export const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

export function parseXml(xml: string): Document {
  return new DOMParser().parseFromString(xml, 'text/xml');
}

export function serializeXml(node: Document | Element): string {
  return new XMLSerializer().serializeToString(node);
}

export function isElement(node: Node | null): node is Element {
  return node !== null && node.nodeType === node.ELEMENT_NODE;
}

/** Child elements of `parent`, optionally only those with this local name, whatever the prefix. */
export function childElements(parent: Element, localName?: string): Element[] {
  return Array.from(parent.childNodes)
    .filter(isElement)
    .filter((child) => localName === undefined || child.localName === localName);
}

export function childElement(parent: Element, localName: string): Element {
  const [found] = childElements(parent, localName);
  if (!found) {
    throw new Error(`<${parent.tagName}> has no <${localName}> child`);
  }
  return found;
}

export function rootOf(doc: Document): Element {
  if (!doc.documentElement) {
    throw new Error('the document has no root element');
  }
  return doc.documentElement;
}

/** The Assertion directly under the root Response, where a SAML service provider reads it. */
export function assertionOf(doc: Document): Element {
  return childElement(rootOf(doc), 'Assertion');
}

/** The enveloped ds:Signature directly inside `element`. */
export function signatureOf(element: Element): Element {
  const signature = childElements(element, 'Signature').find((s) => s.namespaceURI === NS.dsig);
  if (!signature) {
    throw new Error(`<${element.tagName}> carries no signature`);
  }
  return signature;
}

export function removeSignature(element: Element): Element {
  element.removeChild(signatureOf(element));
  return element;
}

/** Every descendant of `root` with this local name, in document order. */
export function descendants(root: Element, localName: string): Element[] {
  return Array.from(root.getElementsByTagNameNS('*', localName));
}

/** Inserts `node` into `parent` right after `after` (or first, when `after` is null). */
export function insertAfter(parent: Element, node: Node, after: Node | null): void {
  parent.insertBefore(node, after ? after.nextSibling : parent.firstChild);
}

/** Edits a document given as text and returns the new text. */
export function editXml(xml: string, edit: (doc: Document) => void): string {
  const doc = parseXml(xml);
  edit(doc);
  return serializeXml(doc);
}
