import { AccessTokenClaims } from './access-token-claims';

/**
 * The part of a request the auth code reads. Both Express and Fastify requests have this shape,
 * which keeps guards and decorators independent of the HTTP platform.
 */
export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  user?: AccessTokenClaims;
}
