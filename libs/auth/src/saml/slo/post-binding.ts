import { Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { SamlConfig } from '@app/config';
import { SamlRejection } from '../saml-rejection';
import { inspectSamlResponse } from '../saml-response-inspector';
import { checkSignatureAlgorithms } from '../signature-policy';
import { strictRoot } from './logout-message.parser';
import { LogoutMessageKind, SignedLogoutMessage } from './signed-logout-message';
import { SloRejection, SloRejectionReason } from './slo-rejection';

const PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const ROOT_ELEMENT: Record<LogoutMessageKind, string> = {
  SAMLRequest: 'LogoutRequest',
  SAMLResponse: 'LogoutResponse',
};
/** The ACS refusals that keep their meaning for a logout message. */
const SHARED_REASONS: SloRejectionReason[] = [
  'malformed',
  'doctype_forbidden',
  'xml_comment_forbidden',
  'signature_invalid',
];

/**
 * Reads a logout message sent with the HTTP-POST binding (bindings §3.5.4): one base64 form field,
 * SAMLRequest or SAMLResponse, not deflated, and the RelayState. The signature is enveloped in the
 * XML (core §5.4); it is required, must keep to the ACS signature policy, must cover the message
 * element itself and must verify with a configured IdP certificate (never with KeyInfo). What is
 * returned is the signed content as the verifier canonicalised it, so nothing outside the
 * signature can be read afterwards, however the document was wrapped.
 */
export function readSignedPost(form: unknown, saml: SamlConfig): SignedLogoutMessage {
  const { kind, message, relayState } = postedFields(form);
  // XML processors normalise line ends (XML 1.0 §2.11); the signer's digest saw them so.
  const xml = asSloRejection(() => inspectSamlResponse(message, kind)).replace(/\r\n?/g, '\n');
  const root = strictRoot(xml);
  if (root.namespaceURI !== PROTOCOL_NS || root.localName !== ROOT_ELEMENT[kind]) {
    throw new SloRejection('malformed', `${kind} is not a ${ROOT_ELEMENT[kind]}`);
  }
  const id = root.getAttribute('ID');
  if (!id) {
    throw new SloRejection('malformed', 'the message has no ID');
  }
  const signature = envelopedSignature(root);
  asSloRejection(() => checkSignatureAlgorithms(root, saml));

  for (const certificate of saml.idpCertificates) {
    const signed = signedContent(xml, signature, `#${id}`, certificate);
    if (signed !== null) {
      return { kind, xml: signed, relayState };
    }
  }
  throw new SloRejection('signature_invalid', 'the signature does not verify');
}

function postedFields(form: unknown): {
  kind: LogoutMessageKind;
  message: string;
  relayState: string | null;
} {
  const request = field(form, 'SAMLRequest');
  const response = field(form, 'SAMLResponse');
  const relayState = field(form, 'RelayState');
  if ((request === undefined) === (response === undefined)) {
    throw new SloRejection('malformed', 'expected one SAMLRequest or one SAMLResponse');
  }
  const kind: LogoutMessageKind = request === undefined ? 'SAMLResponse' : 'SAMLRequest';
  const message = request ?? response;
  if (typeof message !== 'string' || (relayState !== undefined && typeof relayState !== 'string')) {
    throw new SloRejection('malformed', `${kind} and RelayState must be single values`);
  }
  return { kind, message, relayState: relayState ?? null };
}

function field(form: unknown, name: string): unknown {
  if (typeof form !== 'object' || form === null) {
    return undefined;
  }
  // Own fields only: a parsed form has no prototype worth reading from.
  return Object.entries(form).find(([key]) => key === name)?.[1];
}

/** The one Signature that is a child of the message element: the place core §5.4.1 gives it. */
function envelopedSignature(root: Element): Element {
  const signatures = Array.from(root.childNodes).filter(
    (node): node is Element =>
      node.nodeType === 1 &&
      (node as Element).namespaceURI === DSIG_NS &&
      (node as Element).localName === 'Signature',
  );
  if (signatures.length === 0) {
    throw new SloRejection('signature_missing', 'the message is not signed');
  }
  if (signatures.length > 1) {
    throw new SloRejection('signature_invalid', 'the message has more than one signature');
  }
  return signatures[0];
}

/**
 * The canonical signed bytes when `signature` has exactly one reference, to the message element
 * (`uri`), and verifies with `certificate`; null otherwise. xml-crypto refuses a document in
 * which two elements carry that ID.
 */
function signedContent(
  xml: string,
  signature: Element,
  uri: string,
  certificate: string,
): string | null {
  const verifier = new SignedXml({ publicCert: certificate, getCertFromKeyInfo: () => null });
  try {
    verifier.loadSignature(signature);
    const references = verifier.getReferences();
    if (references.length !== 1 || references[0].uri !== uri || !verifier.checkSignature(xml)) {
      return null;
    }
    const signed = verifier.getSignedReferences();
    return signed.length === 1 ? signed[0] : null;
  } catch {
    return null;
  }
}

/** Runs an ACS check on a logout message, reporting its refusal as a logout refusal. */
function asSloRejection<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof SamlRejection)) {
      throw error;
    }
    const reason = SHARED_REASONS.find((shared) => shared === error.reason) ?? 'malformed';
    throw new SloRejection(reason, error.message);
  }
}
