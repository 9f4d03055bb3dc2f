/** The form or query field that carries a logout message (SAML bindings §3.4.4, §3.5.4). */
export type LogoutMessageKind = 'SAMLRequest' | 'SAMLResponse';

/**
 * A logout message whose signature has been verified, whatever binding brought it: the XML to
 * read, and the RelayState, which no binding signs for POST and which the caller matches itself.
 */
export interface SignedLogoutMessage {
  kind: LogoutMessageKind;
  xml: string;
  relayState: string | null;
}
