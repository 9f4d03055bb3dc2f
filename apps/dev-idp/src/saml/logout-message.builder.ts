import { SAML_NS, SAML_URI } from './saml-constants';
import { randomSamlId } from './saml-id.util';
import { escapeXml as x } from './xml-escape.util';

export interface LogoutRequestOptions {
  issuer: string;
  /** The SP's single logout endpoint (Destination). */
  destination: string;
  nameId: string;
  nameIdFormat?: string;
  sessionIndexes?: string[];
  id?: string;
  now?: Date;
  /** Omitted when null; five minutes after `now` by default. */
  notOnOrAfter?: Date | null;
}

export interface LogoutResponseOptions {
  issuer: string;
  destination: string;
  inResponseTo: string;
  statusCode?: string;
  id?: string;
  now?: Date;
}

const DEFAULT_LIFETIME_MS = 5 * 60 * 1000;

/** An IdP-initiated LogoutRequest (SAML core §3.7.1), Okta-shaped, not yet signed. */
export function buildLogoutRequest(opts: LogoutRequestOptions): string {
  const now = opts.now ?? new Date();
  const notOnOrAfter =
    opts.notOnOrAfter === undefined
      ? new Date(now.getTime() + DEFAULT_LIFETIME_MS)
      : opts.notOnOrAfter;
  const sessionIndexes = (opts.sessionIndexes ?? [])
    .map((index) => `<saml2p:SessionIndex>${x(index)}</saml2p:SessionIndex>`)
    .join('');
  return (
    `<saml2p:LogoutRequest xmlns:saml2p="${SAML_NS.protocol}" ` +
    `ID="${x(opts.id ?? randomSamlId())}" Version="2.0" IssueInstant="${now.toISOString()}" ` +
    `Destination="${x(opts.destination)}"` +
    (notOnOrAfter ? ` NotOnOrAfter="${notOnOrAfter.toISOString()}"` : '') +
    '>' +
    `<saml2:Issuer xmlns:saml2="${SAML_NS.assertion}">${x(opts.issuer)}</saml2:Issuer>` +
    `<saml2:NameID xmlns:saml2="${SAML_NS.assertion}" ` +
    `Format="${x(opts.nameIdFormat ?? SAML_URI.nameIdEmail)}">${x(opts.nameId)}</saml2:NameID>` +
    sessionIndexes +
    '</saml2p:LogoutRequest>'
  );
}

/** The IdP's LogoutResponse to an SP's LogoutRequest (SAML core §3.7.2), not yet signed. */
export function buildLogoutResponse(opts: LogoutResponseOptions): string {
  const now = opts.now ?? new Date();
  return (
    `<saml2p:LogoutResponse xmlns:saml2p="${SAML_NS.protocol}" ` +
    `ID="${x(opts.id ?? randomSamlId())}" Version="2.0" IssueInstant="${now.toISOString()}" ` +
    `Destination="${x(opts.destination)}" InResponseTo="${x(opts.inResponseTo)}">` +
    `<saml2:Issuer xmlns:saml2="${SAML_NS.assertion}">${x(opts.issuer)}</saml2:Issuer>` +
    '<saml2p:Status>' +
    `<saml2p:StatusCode Value="${x(opts.statusCode ?? SAML_URI.statusSuccess)}"/>` +
    '</saml2p:Status></saml2p:LogoutResponse>'
  );
}
