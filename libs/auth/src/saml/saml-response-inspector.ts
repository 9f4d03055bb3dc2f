import { SamlRejection } from './saml-rejection';

/** Largest SAMLResponse we decode; real responses with many groups stay far below it. */
export const MAX_SAML_RESPONSE_BYTES = 256 * 1024;

const BASE64 = /^[A-Za-z0-9+/\r\n]+={0,2}\s*$/;

/**
 * Cheap checks before any XML parsing or signature work. A DOCTYPE has no place in SAML
 * (SAML core §1.3 schemas; it is how entity-expansion and XXE attacks arrive), and XML comments
 * have none either: exclusive c14n drops them, so a comment can split a signed NameID into a
 * different identity for a careless reader (CVE-2017-11427). `field` names the form field in
 * the messages: single logout posts a SAMLRequest too.
 */
export function inspectSamlResponse(samlResponse: string, field = 'SAMLResponse'): string {
  if (samlResponse.length === 0 || !BASE64.test(samlResponse)) {
    throw new SamlRejection('malformed', `${field} is not base64`);
  }
  const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
  if (xml.length > MAX_SAML_RESPONSE_BYTES) {
    throw new SamlRejection('malformed', `${field} is too large`);
  }
  if (!xml.trimStart().startsWith('<')) {
    throw new SamlRejection('malformed', `${field} is not an XML document`);
  }
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) {
    throw new SamlRejection('doctype_forbidden', `${field} contains a DOCTYPE`);
  }
  if (xml.includes('<!--')) {
    throw new SamlRejection('xml_comment_forbidden', `${field} contains an XML comment`);
  }
  return xml;
}
