import { BinaryLike, createHmac, KeyLike, sign } from 'node:crypto';
import { Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { EnvelopedSignature } from 'xml-crypto/lib/enveloped-signature';
import { DevIdpKeys } from '@app/dev-idp';
import { childElement, childElements, editXml, parseXml, rootOf, signatureOf } from './saml-dom';

/** Algorithm identifiers of XML Signature 1.1 §6 and the XML Security URIs (RFC 6931). */
export const ALG = {
  enveloped: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
  excC14n: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  excC14nWithComments: 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
  c14n: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  c14nWithComments: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments',
  xpath: 'http://www.w3.org/TR/1999/REC-xpath-19991116',
  xslt: 'http://www.w3.org/TR/1999/REC-xslt-19991116',
  rsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  rsaSha1: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
  hmacSha256: 'http://www.w3.org/2001/04/xmldsig-more#hmac-sha256',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  sha1: 'http://www.w3.org/2000/09/xmldsig#sha1',
} as const;

export interface SignatureSpec {
  keys: DevIdpKeys;
  signatureAlgorithm?: string;
  digestAlgorithm?: string;
  canonicalization?: string;
  transforms?: string[];
  /** KeyInfo content; by default the signing certificate, as Okta sends it. */
  keyInfo?: string;
  /** Signs with HMAC-SHA256 under this secret instead of the RSA key. */
  hmacKey?: string;
  /** Child markup of the Transform with this algorithm (an XPath expression, a stylesheet). */
  transformContent?: { algorithm: string; xml: string };
}

/** What an IdP signs by default: RSA-SHA256, SHA-256, enveloped + exclusive c14n. */
const DEFAULT_SPEC = {
  signatureAlgorithm: ALG.rsaSha256,
  digestAlgorithm: ALG.sha256,
  canonicalization: ALG.excC14n,
  transforms: [ALG.enveloped, ALG.excC14n],
};

/** HMAC, which xml-crypto ships disabled; registered here so that a signer can produce one. */
class HmacSha256 {
  getSignature(signedInfo: BinaryLike, key: KeyLike): string {
    return createHmac('sha256', key).update(signedInfo).digest('base64');
  }

  verifySignature(material: string, key: KeyLike, signatureValue: string): boolean {
    return this.getSignature(material, key) === signatureValue;
  }

  getAlgorithmName(): string {
    return ALG.hmacSha256;
  }
}

/** A transform we cannot compute (XPath, XSLT) signed as if it removed the enveloped signature. */
function standIn(algorithm: string): typeof EnvelopedSignature {
  return class extends EnvelopedSignature {
    override getAlgorithmName(): string {
      return algorithm;
    }
  };
}

/**
 * Signs the element with this ID the way an IdP does (enveloped, placed after its Issuer), with
 * any algorithm, transform or KeyInfo the spec asks for, valid or not.
 */
export function signElement(xml: string, id: string, spec: SignatureSpec): string {
  const options = { ...DEFAULT_SPEC, ...spec };
  const signer = new SignedXml({
    privateKey: spec.hmacKey ?? spec.keys.privateKeyPem,
    publicCert: spec.keys.certPem,
    signatureAlgorithm: options.signatureAlgorithm,
    canonicalizationAlgorithm: options.canonicalization,
    // Left undefined, xml-crypto publishes the certificate (its `SignedXml.getKeyInfoContent`).
    getKeyInfoContent: spec.keyInfo === undefined ? undefined : () => spec.keyInfo ?? null,
  });
  signer.SignatureAlgorithms[ALG.hmacSha256] = HmacSha256;
  signer.CanonicalizationAlgorithms[ALG.xpath] = standIn(ALG.xpath);
  signer.CanonicalizationAlgorithms[ALG.xslt] = standIn(ALG.xslt);
  const element = `//*[@ID='${id}']`;
  signer.addReference({
    xpath: element,
    transforms: options.transforms,
    digestAlgorithm: options.digestAlgorithm,
  });
  signer.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: `${element}/*[local-name()='Issuer']`, action: 'after' },
  });
  const signed = signer.getSignedXml();
  return spec.transformContent ? withTransformContent(signed, id, spec) : signed;
}

/** The ID of the root Response or of the Assertion directly inside it. */
export function idOf(xml: string, element: 'Response' | 'Assertion'): string {
  const root = rootOf(parseXml(xml));
  return (element === 'Response' ? root : childElement(root, 'Assertion')).getAttribute('ID') ?? '';
}

/** Signs the assertion, then (unless told not to) the Response around it, as Okta does. */
export function signResponse(xml: string, spec: SignatureSpec, { response = true } = {}): string {
  const signed = signElement(xml, idOf(xml, 'Assertion'), spec);
  return response ? signElement(signed, idOf(signed, 'Response'), spec) : signed;
}

/**
 * Gives a Transform its child markup, then signs SignedInfo again: transforms are part of
 * SignedInfo, which the SignatureValue covers (XML Signature §4.4, §4.4.3.4).
 */
function withTransformContent(xml: string, id: string, spec: SignatureSpec): string {
  const content = spec.transformContent;
  if (!content) {
    return xml;
  }
  return editXml(xml, (doc) => {
    const target = Array.from(doc.getElementsByTagNameNS('*', '*')).find(
      (element) => element.getAttribute('ID') === id,
    );
    if (!target) {
      throw new Error(`no element with ID ${id}`);
    }
    const signature = signatureOf(target);
    const transform = Array.from(signature.getElementsByTagNameNS('*', 'Transform')).find(
      (t) => t.getAttribute('Algorithm') === content.algorithm,
    );
    const markup = parseXml(content.xml).documentElement;
    if (!transform || !markup) {
      throw new Error(`no transform ${content.algorithm}`);
    }
    transform.appendChild(doc.importNode(markup, true));
    resignSignedInfo(signature, spec.keys);
  });
}

/** Recomputes the SignatureValue over the (edited) SignedInfo with RSA-SHA256, exclusive c14n. */
export function resignSignedInfo(signature: Element, keys: DevIdpKeys): void {
  const [signedInfo] = childElements(signature, 'SignedInfo');
  const canonical = new SignedXml().getCanonXml([ALG.excC14n], signedInfo);
  const value = sign('sha256', Buffer.from(canonical), keys.privateKeyPem).toString('base64');
  childElement(signature, 'SignatureValue').textContent = value;
}
