import { HttpException, HttpStatus } from '@nestjs/common';

/** Where the token endpoint is served (`TokenController`); all its errors take the §5.2 shape. */
export const TOKEN_ENDPOINT_PATH = '/auth/token';

/** Error codes of RFC 6749 §5.2 that the token endpoint uses. */
export type OAuthErrorCode =
  'invalid_request' | 'invalid_grant' | 'unsupported_grant_type' | 'invalid_client';

/**
 * A token endpoint error. Its body is the RFC 6749 §5.2 shape (`error`, `error_description`),
 * which OAuth client libraries parse, rather than the problem-details shape used elsewhere.
 */
export class OAuthException extends HttpException {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    status: number = HttpStatus.BAD_REQUEST,
  ) {
    super({ error, error_description: description }, status);
  }
}
