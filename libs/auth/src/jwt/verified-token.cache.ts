import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AccessTokenClaims } from './access-token-claims';
import { CLOCK_TOLERANCE_SECONDS } from './access-token.service';

/** Enough for every signed-in user of a busy instance; about 2 KB each (token + claims). */
export const VERIFIED_TOKEN_CACHE_SIZE = 4096;

interface Entry {
  claims: AccessTokenClaims;
  /** The first second at which `AccessTokenService.verify` would call the token expired. */
  expiredAt: number;
}

/**
 * Remembers the claims of bearer tokens that passed `AccessTokenService.verify`, keyed by the
 * exact token text, until they expire. A client sends the same token on every request for
 * its whole lifetime, and its signature check is most of what a guarded request costs.
 * Verification is a pure function of the token, our keys and the time, so a token that
 * verified once verifies again until `exp`: nothing an attacker can send reaches the cache
 * without passing the full check first. Access tokens are never revoked before `exp`, by
 * design, so remembering them changes no answer. Oldest entries go first when it is full.
 */
@Injectable()
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly clock: Clock) {}

  get(token: string): AccessTokenClaims | undefined {
    const entry = this.entries.get(token);
    if (!entry) {
      return undefined;
    }
    if (this.nowSeconds() >= entry.expiredAt) {
      this.entries.delete(token);
      return undefined;
    }
    return copyOf(entry.claims);
  }

  /** Stores claims just verified; each request gets its own copy, so none can alter another's. */
  remember(token: string, claims: AccessTokenClaims): AccessTokenClaims {
    if (this.entries.size >= VERIFIED_TOKEN_CACHE_SIZE) {
      this.evictOldest();
    }
    this.entries.set(token, { claims, expiredAt: claims.exp + CLOCK_TOLERANCE_SECONDS });
    return copyOf(claims);
  }

  get size(): number {
    return this.entries.size;
  }

  private evictOldest(): void {
    const oldest = this.entries.keys().next();
    if (!oldest.done) {
      this.entries.delete(oldest.value);
    }
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }
}

function copyOf(claims: AccessTokenClaims): AccessTokenClaims {
  return { ...claims, groups: [...claims.groups], roles: [...claims.roles] };
}
