import { DevIdpOptions, sloUrlOf, ssoUrlOf } from '../dev-idp-options';
import { SAML_NS, SAML_URI } from '../saml/saml-constants';
import { escapeXml as x } from '../saml/xml-escape.util';

/** The certificate's DER as base64 without PEM armour, as ds:X509Certificate expects. */
export function certificateBody(certPem: string): string {
  return certPem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}

/**
 * IdP metadata (SAML Metadata §2.4.3): the entity ID, the signing certificate and the one
 * SSO endpoint. Requests need not be signed, as with Okta's default application settings.
 */
export function buildIdpMetadata(opts: DevIdpOptions): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<md:EntityDescriptor xmlns:md="${SAML_NS.metadata}" entityID="${x(opts.issuer)}">` +
    '<md:IDPSSODescriptor WantAuthnRequestsSigned="false" ' +
    `protocolSupportEnumeration="${SAML_NS.protocol}">` +
    '<md:KeyDescriptor use="signing">' +
    `<ds:KeyInfo xmlns:ds="${SAML_NS.xmlDsig}"><ds:X509Data><ds:X509Certificate>` +
    `${certificateBody(opts.keys.certPem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>` +
    '</md:KeyDescriptor>' +
    // Single logout is offered once an SP certificate can check the SP's LogoutRequests.
    (opts.spCertPem
      ? `<md:SingleLogoutService Binding="${SAML_URI.bindingRedirect}" ` +
        `Location="${x(sloUrlOf(opts))}"/>`
      : '') +
    `<md:NameIDFormat>${SAML_URI.nameIdEmail}</md:NameIDFormat>` +
    `<md:NameIDFormat>${SAML_URI.nameIdUnspecified}</md:NameIDFormat>` +
    `<md:SingleSignOnService Binding="${SAML_URI.bindingRedirect}" ` +
    `Location="${x(ssoUrlOf(opts))}"/>` +
    '</md:IDPSSODescriptor></md:EntityDescriptor>'
  );
}
