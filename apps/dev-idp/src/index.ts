export { createDevIdpApp } from './dev-idp.app';
export type { DevIdpOptions } from './dev-idp-options';
export type { DevIdpKeys } from './keys/dev-idp-keys';
export { generateDevIdpKeys, loadOrCreateDevIdpKeys } from './keys/dev-idp-keys';
export { buildIdpMetadata } from './metadata/idp-metadata.builder';
export type { ParsedAuthnRequest } from './saml/authn-request.parser';
export { InvalidAuthnRequestError, parseRedirectAuthnRequest } from './saml/authn-request.parser';
export type { DevIdpUser, SignedResponseOptions } from './saml/signed-response.builder';
export { buildSignedResponse } from './saml/signed-response.builder';
export type {
  AssertionEncryption,
  ContentEncryption,
  KeyTransport,
} from './saml/assertion.encryptor';
export { encryptAssertion } from './saml/assertion.encryptor';
export type { LogoutRequestOptions, LogoutResponseOptions } from './saml/logout-message.builder';
export { buildLogoutRequest, buildLogoutResponse } from './saml/logout-message.builder';
export type { RedirectMessageKind } from './saml/redirect-binding.codec';
export { encodeRedirectQuery } from './saml/redirect-binding.codec';
export { encodePostValue, signLogoutMessage } from './saml/post-binding.codec';
export type { SignatureAlgorithmName } from './saml/xml-signature.signer';
export type { PresetUser } from './sso/preset-users';
export { PRESET_USERS } from './sso/preset-users';
// Kept for callers of the dev IdP; the certificate builder lives in the config lib.
export { createSelfSignedCertificate } from '@app/config';
