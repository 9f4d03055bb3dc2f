import { Role } from './roles';

/** The claims our access tokens carry (RFC 9068 names where one exists). */
export interface AccessTokenClaims {
  iss: string;
  aud: string;
  sub: string;
  exp: number;
  iat: number;
  jti: string;
  email: string | null;
  name: string | null;
  groups: string[];
  /** Roles granted through IdP groups (RFC 9068 §7.2.1.1), e.g. `admin`. */
  roles: Role[];
}
