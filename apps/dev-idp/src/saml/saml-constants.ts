/** Namespace and URI constants from SAML 2.0 Core (saml-core-2.0-os) and XML Signature. */
export const SAML_NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  metadata: 'urn:oasis:names:tc:SAML:2.0:metadata',
  xmlDsig: 'http://www.w3.org/2000/09/xmldsig#',
  xmlSchema: 'http://www.w3.org/2001/XMLSchema',
  xmlSchemaInstance: 'http://www.w3.org/2001/XMLSchema-instance',
} as const;

export const SAML_URI = {
  statusSuccess: 'urn:oasis:names:tc:SAML:2.0:status:Success',
  nameIdEntity: 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity',
  nameIdEmail: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  nameIdUnspecified: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  bearer: 'urn:oasis:names:tc:SAML:2.0:cm:bearer',
  passwordProtectedTransport: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
  attrNameUnspecified: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified',
  bindingRedirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  bindingPost: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
} as const;

export const XML_DSIG_URI = {
  envelopedSignature: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
  exclusiveC14n: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  rsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  rsaSha1: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  sha1: 'http://www.w3.org/2000/09/xmldsig#sha1',
} as const;
