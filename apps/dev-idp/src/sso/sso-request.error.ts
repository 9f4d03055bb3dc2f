/** A request this IdP refuses; the message is meant for the developer who sent it. */
export class SsoRequestError extends Error {
  override readonly name = 'SsoRequestError';
}
