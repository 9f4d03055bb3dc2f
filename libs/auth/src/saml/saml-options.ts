import {
  CacheProvider,
  SamlConfig as NodeSamlConfig,
  ValidateInResponseTo,
} from '@node-saml/node-saml';
import { SamlConfig } from '@app/config';

/** For node-saml objects that never check InResponseTo themselves (our store does that). */
export const NO_CACHE: CacheProvider = {
  saveAsync: () => Promise.resolve(null),
  getAsync: () => Promise.resolve(null),
  removeAsync: () => Promise.resolve(null),
};

/** Okta accepts "unspecified" whatever NameID format its app is set to send. */
const NAME_ID_FORMAT_UNSPECIFIED = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';

export interface SamlOptionsInput {
  saml: SamlConfig;
  cacheProvider: CacheProvider;
  /** Accept responses without InResponseTo (IdP-initiated). Off unless configured. */
  allowUnsolicited?: boolean;
}

/**
 * node-saml options from our configuration. Every check node-saml can do is on; the checks it
 * does not do for assertions (Issuer, Destination, Recipient, replay) follow in
 * `verifySamlAssertion` and the ACS transaction.
 */
export function buildNodeSamlOptions(input: SamlOptionsInput): NodeSamlConfig {
  const { saml } = input;
  return {
    entryPoint: saml.idpSsoUrl,
    issuer: saml.spEntityId,
    callbackUrl: saml.spAcsUrl,
    audience: saml.spEntityId,
    idpIssuer: saml.idpIssuer,
    idpCert: saml.idpCertificates,
    // With a key, node-saml signs the redirect query (bindings §3.4.4.1) with SHA-256.
    privateKey: saml.spSigning?.privateKeyPem,
    // With a key, node-saml decrypts an EncryptedAssertion (xml-encryption) before reading it.
    decryptionPvk: saml.spDecryption?.privateKeyPem,
    wantAuthnResponseSigned: saml.wantResponseSigned,
    wantAssertionsSigned: saml.wantAssertionSigned,
    acceptedClockSkewMs: saml.clockSkewMs,
    // InResponseTo must name a login request we stored (SAML profiles §4.1.4.3).
    validateInResponseTo: input.allowUnsolicited
      ? ValidateInResponseTo.ifPresent
      : ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: saml.loginTtlMs,
    cacheProvider: input.cacheProvider,
    identifierFormat: NAME_ID_FORMAT_UNSPECIFIED,
    // A RequestedAuthnContext of "password" makes Okta refuse users who signed in another way.
    disableRequestedAuthnContext: true,
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'sha256',
  };
}
