import { SAML_NS, SAML_URI } from './saml-constants';
import { escapeXml as x } from './xml-escape.util';

export interface ResponseModel {
  id: string;
  issueInstant: string;
  issuer: string;
  destination: string;
  inResponseTo?: string;
  statusCode: string;
  /** An already rendered assertion, or undefined for a response that reports a failure. */
  assertionXml?: string;
}

/** An unsigned `saml2p:Response` (SAML Core §3.3.3 and §3.2.2), shaped like Okta's. */
export function renderResponse(model: ResponseModel): string {
  const inResponseTo = model.inResponseTo ? ` InResponseTo="${x(model.inResponseTo)}"` : '';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<saml2p:Response xmlns:saml2p="${SAML_NS.protocol}" Destination="${x(model.destination)}" ` +
    `ID="${x(model.id)}"${inResponseTo} IssueInstant="${x(model.issueInstant)}" Version="2.0">` +
    `<saml2:Issuer xmlns:saml2="${SAML_NS.assertion}" Format="${SAML_URI.nameIdEntity}">` +
    `${x(model.issuer)}</saml2:Issuer>` +
    `<saml2p:Status><saml2p:StatusCode Value="${x(model.statusCode)}"/></saml2p:Status>` +
    (model.assertionXml ?? '') +
    '</saml2p:Response>'
  );
}
