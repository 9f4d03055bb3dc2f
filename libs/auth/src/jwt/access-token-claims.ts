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
}
