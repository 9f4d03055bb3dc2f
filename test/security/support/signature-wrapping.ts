import { Document, Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { SamlRejectionReason } from '@app/auth';
import {
  assertionOf,
  childElement,
  descendants,
  insertAfter,
  NS,
  parseXml,
  rootOf,
  serializeXml,
  signatureOf,
} from './saml-dom';

/**
 * The pieces of an XML signature wrapping attack ("On Breaking SAML", Somorovsky et al., 2012):
 * the attacker's own, genuinely signed response, and an assertion forged for the victim.
 */
export interface Wrapping {
  doc: Document;
  response: Element;
  /** The attacker's genuine assertion, signed by the IdP. */
  signed: Element;
  /** The victim's assertion, unsigned. */
  forged: Element;
}

export interface WrappingCase {
  name: string;
  wrap: (parts: Wrapping) => void;
  /** Hides the genuine part in the Response signature, so the attacker keeps it. */
  usesResponseSignature?: boolean;
  /**
   * False where xml-crypto itself will not verify the genuine signature any more (a copied
   * SignatureValue, an ambiguous ID, two SignedInfo): then the refusal starts there.
   */
  signatureSurvives?: boolean;
}

/** A refused wrapping fails a signature check or does not parse as a SAML response at all. */
export const WRAPPING_REASONS: readonly SamlRejectionReason[] = ['signature_invalid', 'malformed'];

export function prepareWrapping(genuineXml: string, forgedXml: string): Wrapping {
  const doc = parseXml(genuineXml);
  const signed = assertionOf(doc);
  const forged = doc.importNode(assertionOf(parseXml(forgedXml)), true);
  return { doc, response: rootOf(doc), signed, forged };
}

export function wrapped(parts: Wrapping, wrap: WrappingCase['wrap']): string {
  wrap(parts);
  return serializeXml(parts.doc);
}

function element(doc: Document, namespace: string, qualifiedName: string): Element {
  return doc.createElementNS(namespace, qualifiedName);
}

/** Gives the forged assertion a copy of the genuine signature, for readers that follow it. */
function copySignature(parts: Wrapping): Element {
  const copy = signatureOf(parts.signed).cloneNode(true) as Element;
  insertAfter(parts.forged, copy, childElement(parts.forged, 'Issuer'));
  return copy;
}

/** `samlp:Extensions`, the extension point of SAML core §3.2.2, placed before Status. */
function extensions(parts: Wrapping): Element {
  const ext = element(parts.doc, NS.protocol, 'saml2p:Extensions');
  parts.response.insertBefore(ext, childElement(parts.response, 'Status'));
  return ext;
}

/** A `ds:Object` appended to `signature`, where XML Signature lets a signer carry any content. */
function signatureObject(parts: Wrapping, signature: Element): Element {
  const object = element(parts.doc, NS.dsig, 'ds:Object');
  signature.appendChild(object);
  return object;
}

/** The forged assertion takes the place of the signed one, which is returned detached. */
function swapIn(parts: Wrapping): Element {
  parts.response.replaceChild(parts.forged, parts.signed);
  return parts.signed;
}

/**
 * A new root Response copying the genuine envelope (its signature included) around the forged
 * assertion; the genuine Response is detached, for the caller to hide inside.
 */
function outerResponse(parts: Wrapping): Element {
  const outer = parts.response.cloneNode(false) as Element;
  for (const child of Array.from(parts.response.childNodes)) {
    outer.appendChild(child === parts.signed ? parts.forged : child.cloneNode(true));
  }
  parts.doc.replaceChild(outer, parts.response);
  return outer;
}

export const WRAPPING_CASES: WrappingCase[] = [
  {
    name: 'a forged assertion before the signed one',
    wrap: (p) => p.response.insertBefore(p.forged, p.signed),
  },
  {
    name: 'a forged assertion after the signed one',
    wrap: (p) => insertAfter(p.response, p.forged, p.signed),
  },
  {
    name: 'the signed assertion moved into Extensions, a forged one in its place',
    wrap: (p) => extensions(p).appendChild(swapIn(p)),
  },
  {
    name: 'the signed assertion moved into the Advice of a forged one',
    wrap: (p) => {
      const advice = element(p.doc, NS.assertion, 'saml2:Advice');
      insertAfter(p.forged, advice, childElement(p.forged, 'Conditions'));
      advice.appendChild(swapIn(p));
    },
  },
  {
    name: 'the signed assertion in a ds:Object of the copied signature of a forged one',
    signatureSurvives: false,
    wrap: (p) => signatureObject(p, copySignature(p)).appendChild(swapIn(p)),
  },
  {
    name: 'the signed assertion in a ds:Object of the Response signature',
    usesResponseSignature: true,
    wrap: (p) => signatureObject(p, signatureOf(p.response)).appendChild(swapIn(p)),
  },
  {
    name: "a forged assertion with the signed one's ID, the signed one in Extensions",
    signatureSurvives: false,
    wrap: (p) => {
      p.forged.setAttribute('ID', p.signed.getAttribute('ID') ?? '');
      copySignature(p);
      extensions(p).appendChild(swapIn(p));
    },
  },
  {
    name: 'an element in Extensions carrying the signed assertion ID',
    signatureSurvives: false,
    wrap: (p) => {
      const decoy = element(p.doc, 'urn:example:decoy', 'decoy:Item');
      decoy.setAttribute('ID', p.signed.getAttribute('ID') ?? '');
      extensions(p).appendChild(decoy);
    },
  },
  {
    name: 'a cloned Response around the signed Response, kept in Extensions',
    wrap: (p) => {
      const outer = outerResponse(p);
      const ext = element(p.doc, NS.protocol, 'saml2p:Extensions');
      outer.insertBefore(ext, childElement(outer, 'Status'));
      ext.appendChild(p.response);
    },
  },
  {
    name: "a cloned Response around the signed Response, kept in its signature's ds:Object",
    usesResponseSignature: true,
    wrap: (p) => signatureObject(p, signatureOf(outerResponse(p))).appendChild(p.response),
  },
  {
    name: 'a second SignedInfo ahead of the genuine one, naming the forged assertion',
    signatureSurvives: false,
    wrap: (p) => {
      p.response.insertBefore(p.forged, p.signed);
      const signature = signatureOf(p.signed);
      const second = childElement(signature, 'SignedInfo').cloneNode(true) as Element;
      descendants(second, 'Reference')[0].setAttribute('URI', `#${p.forged.getAttribute('ID')}`);
      signature.insertBefore(second, childElement(signature, 'SignedInfo'));
    },
  },
  {
    name: 'a forged assertion in a namespace that is not SAML, before the signed one',
    wrap: (p) =>
      p.response.insertBefore(renamespaced(p, p.forged, 'urn:example:not-saml'), p.signed),
  },
  {
    name: 'the signed assertion in Extensions, a forged one with the saml2 prefix rebound',
    wrap: (p) => {
      const rebound = renamespaced(p, p.forged, 'urn:example:not-saml');
      p.forged = rebound;
      extensions(p).appendChild(swapIn(p));
    },
  },
];

/** A copy of `assertion` whose `saml2` prefix is bound to `namespace` instead of SAML's. */
function renamespaced(parts: Wrapping, assertion: Element, namespace: string): Element {
  const xml = serializeXml(assertion).replace(
    `xmlns:saml2="${NS.assertion}"`,
    `xmlns:saml2="${namespace}"`,
  );
  return parts.doc.importNode(rootOf(parseXml(xml)), true);
}

/**
 * Whether the IdP's signature over the genuine assertion still verifies somewhere in the wrapped
 * document: what makes a wrapping dangerous to an SP that checks "a valid signature is present"
 * and then reads the first assertion it finds.
 */
export function genuineSignatureVerifies(xml: string, certPem: string): boolean {
  const doc = parseXml(xml);
  return descendants(rootOf(doc), 'Signature').some((signature) => {
    const verifier = new SignedXml({ publicCert: certPem, getCertFromKeyInfo: () => null });
    try {
      verifier.loadSignature(signature);
      return verifier.checkSignature(xml);
    } catch {
      return false;
    }
  });
}
