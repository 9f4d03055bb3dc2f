import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Clock } from '../common/clock';
import { DirectoryUser } from '../saml/user-directory';
import { AccessTokenClaims } from './access-token-claims';
import { BearerTokenRejectedException } from './bearer-token-rejected.exception';
import { Role, rolesForGroups } from './roles';
import { SigningKeys } from './signing-keys';

/** RFC 9068 media type: keeps an ID token or any other JWT of ours from passing as access. */
const ACCESS_TOKEN_TYPE = 'at+jwt';
export const CLOCK_TOLERANCE_SECONDS = 5;

export interface IssuedAccessToken {
  token: string;
  expiresIn: number;
}

interface JoseHeader {
  alg?: unknown;
  typ?: unknown;
  kid?: unknown;
  crit?: unknown;
}

@Injectable()
export class AccessTokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly keys: SigningKeys,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.configuredRoles = new Set(config.auth.roleGrants.map((grant) => grant.role));
  }

  /** Roles a token may carry: those the mapping grants now. */
  private readonly configuredRoles: ReadonlySet<Role>;

  issue(user: DirectoryUser): IssuedAccessToken {
    const key = this.keys.current;
    const { issuer, audience, accessTokenTtlSeconds } = this.config.jwt;
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const claims: AccessTokenClaims = {
      iss: issuer,
      aud: audience,
      sub: user.id,
      iat,
      exp: iat + accessTokenTtlSeconds,
      jti: randomUUID(),
      email: user.email,
      name: displayName(user),
      groups: user.groups,
      roles: rolesForGroups(user.groups, this.config.auth.roleGrants),
    };
    const token = this.jwt.sign(claims, {
      algorithm: key.algorithm,
      header: { alg: key.algorithm, typ: ACCESS_TOKEN_TYPE, kid: key.kid },
    });
    return { token, expiresIn: accessTokenTtlSeconds };
  }

  /**
   * Checks a bearer token from its signature and claims alone: no database, no key parsing.
   * The key is chosen by `kid` among our own keys only; headers that point elsewhere for a key
   * (`jku`, `x5u`, `jwk`) are never followed, and the algorithm is the key's, never the token's.
   */
  verify(token: string): AccessTokenClaims {
    const header = decodeHeader(token);
    const key = typeof header.kid === 'string' ? this.keys.find(header.kid) : undefined;
    if (!key || header.alg !== key.algorithm || header.typ !== ACCESS_TOKEN_TYPE) {
      throw invalidToken();
    }
    if (header.crit !== undefined) {
      throw invalidToken();
    }
    let claims: Partial<AccessTokenClaims>;
    try {
      claims = this.jwt.verify<Partial<AccessTokenClaims>>(token, {
        algorithms: [key.algorithm],
        issuer: this.config.jwt.issuer,
        audience: this.config.jwt.audience,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      });
    } catch {
      throw invalidToken();
    }
    return requireClaims(claims, this.configuredRoles);
  }
}

function displayName(user: DirectoryUser): string | null {
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ');
  return name.length > 0 ? name : null;
}

function decodeHeader(token: string): JoseHeader {
  const [encodedHeader, , , extra] = token.split('.');
  if (!encodedHeader || extra !== undefined) {
    throw invalidToken();
  }
  try {
    const header: unknown = JSON.parse(Buffer.from(encodedHeader, 'base64url').toString('utf8'));
    if (typeof header !== 'object' || header === null) {
      throw invalidToken();
    }
    return header;
  } catch {
    throw invalidToken();
  }
}

/** jsonwebtoken checks `exp` only when present; our tokens must always carry the full set. */
function requireClaims(
  claims: Partial<AccessTokenClaims>,
  configuredRoles: ReadonlySet<Role>,
): AccessTokenClaims {
  const complete =
    typeof claims.sub === 'string' &&
    typeof claims.exp === 'number' &&
    typeof claims.iat === 'number' &&
    typeof claims.jti === 'string' &&
    Array.isArray(claims.groups);
  if (!complete) {
    throw invalidToken();
  }
  return { ...(claims as AccessTokenClaims), roles: knownRoles(claims.roles, configuredRoles) };
}

/**
 * Tokens issued before roles existed carry none. A role no longer in the mapping is dropped, so
 * removing it from configuration takes effect on the next restart, not at token expiry.
 */
function knownRoles(roles: unknown, configuredRoles: ReadonlySet<Role>): Role[] {
  if (!Array.isArray(roles)) {
    return [];
  }
  return roles.filter(
    (role): role is Role => typeof role === 'string' && configuredRoles.has(role),
  );
}

function invalidToken(): BearerTokenRejectedException {
  return new BearerTokenRejectedException(
    'invalid_token',
    'The access token is invalid or expired',
  );
}
