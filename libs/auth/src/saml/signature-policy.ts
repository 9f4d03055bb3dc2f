import { Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { SamlConfig } from '@app/config';
import { SamlRejection } from './saml-rejection';

const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const ENVELOPED_SIGNATURE = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const EXCLUSIVE_C14N = [
  'http://www.w3.org/2001/10/xml-exc-c14n#',
  'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
];
/** Every SHA-1 algorithm URI ends so: #sha1, #rsa-sha1, #dsa-sha1, #hmac-sha1, #ecdsa-sha1. */
const SHA1_ALGORITHM = /sha1$/i;

/**
 * What the signatures of a Response may use, beyond what node-saml checks. Every Signature
 * counts, matched by local name as xml-crypto finds them, so the signatures node-saml verified
 * are always among those looked at.
 */
export function checkSignaturePolicy(
  response: Element,
  responseXml: string,
  saml: SamlConfig,
): void {
  checkSignatureAlgorithms(response, saml);
  if (!saml.wantResponseSigned) {
    checkOptionalResponseSignature(response, responseXml, saml.idpCertificates);
  }
}

/**
 * The algorithms of every Signature under `root`: the Response, or a decrypted assertion, whose
 * signature the Response never shows.
 */
export function checkSignatureAlgorithms(root: Element, saml: SamlConfig): void {
  const signatures = Array.from(root.getElementsByTagNameNS('*', 'Signature'));
  for (const signature of signatures) {
    checkCanonicalization(signature);
    if (!saml.allowSha1Signatures) {
      checkNoSha1(signature);
    }
  }
}

/**
 * Exclusive c14n for SignedInfo, and exactly the enveloped-signature transform then exclusive
 * c14n for each reference (SAML core §5.4.3, §5.4.4). xml-crypto also runs inclusive c14n,
 * which lets the signed bytes depend on namespaces outside the signed element; and a reference
 * with no c14n transform gets inclusive c14n implicitly (XML Signature §4.4.3.2).
 */
function checkCanonicalization(signature: Element): void {
  const methods = algorithms(signature, 'CanonicalizationMethod');
  const references = Array.from(signature.getElementsByTagNameNS('*', 'Reference'));
  const allowed =
    methods.every((method) => EXCLUSIVE_C14N.includes(method)) &&
    references.every((reference) => {
      const [first, second, ...rest] = algorithms(reference, 'Transform');
      return first === ENVELOPED_SIGNATURE && EXCLUSIVE_C14N.includes(second) && rest.length === 0;
    });
  if (!allowed) {
    throw new SamlRejection(
      'signature_invalid',
      'a signature uses a transform or canonicalization SAML does not allow',
    );
  }
}

/**
 * SHA-1 collisions are practical and XML Signature 1.1 discourages SHA-1, yet node-saml and
 * xml-crypto accept it, for the signature and for the digests alike.
 */
function checkNoSha1(signature: Element): void {
  const methods = [
    ...algorithms(signature, 'SignatureMethod'),
    ...algorithms(signature, 'DigestMethod'),
  ];
  if (methods.some((method) => SHA1_ALGORITHM.test(method))) {
    throw new SamlRejection('signature_invalid', 'a signature uses SHA-1, which is not allowed');
  }
}

/**
 * When only assertions must be signed, node-saml treats a Response signature that fails like no
 * signature at all. A signature that is there must verify (XML Signature §3.2, core
 * validation): a broken one means the envelope was changed after the IdP signed it.
 */
function checkOptionalResponseSignature(
  response: Element,
  xml: string,
  certificates: string[],
): void {
  const signature = Array.from(response.getElementsByTagNameNS(DSIG_NS, 'Signature')).find(
    (candidate) => candidate.parentNode === response,
  );
  if (!signature) {
    return;
  }
  const id = response.getAttribute('ID');
  if (!certificates.some((certificate) => verifies(signature, `#${id}`, xml, certificate))) {
    throw new SamlRejection('signature_invalid', 'the Response signature does not verify');
  }
}

function verifies(signature: Element, uri: string, xml: string, certificate: string): boolean {
  // The configured certificate only: KeyInfo is the sender's claim, not a trust anchor.
  const verifier = new SignedXml({ publicCert: certificate, getCertFromKeyInfo: () => null });
  try {
    verifier.loadSignature(signature);
    const references = verifier.getReferences();
    // As node-saml does before verifying: XML processors normalise line ends (XML 1.0 §2.11).
    return (
      references.length === 1 &&
      references[0].uri === uri &&
      verifier.checkSignature(xml.replace(/\r\n?/g, '\n'))
    );
  } catch {
    return false;
  }
}

function algorithms(parent: Element, localName: string): string[] {
  return Array.from(parent.getElementsByTagNameNS('*', localName)).map(
    (element) => element.getAttribute('Algorithm') ?? '',
  );
}
