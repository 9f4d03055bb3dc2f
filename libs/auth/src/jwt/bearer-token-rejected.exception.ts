import { UnauthorizedException } from '@nestjs/common';

/**
 * A missing or invalid bearer token. The error filter adds the `WWW-Authenticate` challenge of
 * RFC 6750 §3 so clients can tell "sign in again" from other 401s.
 */
export class BearerTokenRejectedException extends UnauthorizedException {
  constructor(
    readonly bearerError: 'invalid_request' | 'invalid_token',
    message: string,
  ) {
    super(message);
  }
}
