import { DOMParser, Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';

const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

/** Test support: finds `<localName>` elements whatever their prefix. */
export function elementsByLocalName(xml: string, localName: string): Element[] {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  return Array.from(doc.getElementsByTagNameNS('*', localName));
}

/** The ds:Signature that is a direct child of `element`, if any. */
function ownSignature(element: Element): Element | undefined {
  for (let node = element.firstChild; node; node = node.nextSibling) {
    const isSignature = node.nodeType === node.ELEMENT_NODE && node.namespaceURI === DSIG_NS;
    if (isSignature && node.localName === 'Signature') {
      return node as Element;
    }
  }
  return undefined;
}

/**
 * True when the `localName` element (Response or Assertion) carries its own enveloped
 * signature, that signature references the element's ID, and it verifies with `certPem`
 * alone (the KeyInfo certificate is deliberately ignored).
 */
export function hasValidSignature(xml: string, localName: string, certPem: string): boolean {
  const [element] = elementsByLocalName(xml, localName);
  const signature = element ? ownSignature(element) : undefined;
  if (!element || !signature) {
    return false;
  }

  const verifier = new SignedXml({ publicCert: certPem, getCertFromKeyInfo: () => null });
  verifier.loadSignature(signature);
  try {
    const valid = verifier.checkSignature(xml);
    const references = verifier.getReferences().map((reference) => reference.uri);
    return valid && references.length === 1 && references[0] === `#${element.getAttribute('ID')}`;
  } catch {
    return false;
  }
}
