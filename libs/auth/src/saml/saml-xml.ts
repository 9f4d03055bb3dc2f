import { DOMParser, Element } from '@xmldom/xmldom';

/**
 * Typed reading of node-saml's xml2js view of a signed assertion (explicit char keys, prefixes
 * stripped): elements are arrays of `{ _: text, $: attributes, Child: [...] }`.
 */
export interface XmlNode {
  _?: string;
  $?: Record<string, string>;
  [child: string]: unknown;
}

export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  return Array.isArray(value) ? value.filter(isNode) : [];
}

export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

export function textOf(node: XmlNode | undefined): string | null {
  const text = node?._;
  return typeof text === 'string' && text.trim().length > 0 ? text.trim() : null;
}

export function attribute(node: XmlNode | undefined, name: string): string | null {
  const value = node?.$?.[name];
  return typeof value === 'string' ? value : null;
}

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null;
}

/**
 * The document element as a strict parser reads it, or null when the text is not well-formed:
 * any parser error, even one the parser could recover from, refuses the document (XML 1.0
 * §2.1 allows only comments, processing instructions and white space after the root; lenient
 * parsers take more). Callers refuse with their own reason.
 */
export function strictDocumentElement(xml: string): Element | null {
  const stopOnError = (level: string): void => {
    if (level !== 'warning') {
      throw new Error(level);
    }
  };
  try {
    return new DOMParser({ onError: stopOnError }).parseFromString(xml, 'text/xml').documentElement;
  } catch {
    return null;
  }
}
