import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { randomOpaqueToken, sha256Hex } from '../common/opaque-token';

export type RevocationReason =
  'logout' | 'logout_all' | 'refresh_token_reuse' | 'code_reuse' | 'saml_logout';

export type RotationResult =
  | { kind: 'rotated'; userId: string; familyId: string; refreshToken: string }
  | { kind: 'reused'; userId: string; familyId: string }
  | { kind: 'invalid' };

interface LockedToken {
  id: string;
  familyId: string;
  rotatedAt: Date | null;
  expiresAt: Date;
}

interface LockedFamily {
  userId: string;
  revokedAt: Date | null;
  expiresAt: Date;
}

/**
 * Refresh tokens in rotation families. Each use returns a new token and retires the old one; a
 * retired token presented again means it leaked, so its whole family is revoked (RFC 9700
 * §4.14.2). Rows are locked token-then-family, which serialises concurrent refreshes of one
 * token: the first rotates, every later one is a reuse.
 */
@Injectable()
export class RefreshTokenService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async startFamily(
    manager: EntityManager,
    userId: string,
    now: Date,
    samlSessionId: string | null = null,
  ): Promise<{ familyId: string; refreshToken: string }> {
    const familyId = randomUUID();
    const expiresAt = new Date(now.getTime() + this.config.jwt.refreshTokenTtlMs);
    await manager.query(
      `INSERT INTO refresh_token_families (id, user_id, created_at, expires_at, saml_session_id)
       VALUES ($1, $2, $3, $4, $5)`,
      [familyId, userId, now, expiresAt, samlSessionId],
    );
    const refreshToken = await this.insertToken(manager, familyId, now, expiresAt);
    return { familyId, refreshToken };
  }

  async rotate(manager: EntityManager, refreshToken: string, now: Date): Promise<RotationResult> {
    const tokens: LockedToken[] = await manager.query(
      `SELECT id, family_id AS "familyId", rotated_at AS "rotatedAt", expires_at AS "expiresAt"
         FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE`,
      [sha256Hex(refreshToken)],
    );
    const token = tokens[0];
    if (!token) {
      return { kind: 'invalid' };
    }

    const families: LockedFamily[] = await manager.query(
      `SELECT user_id AS "userId", revoked_at AS "revokedAt", expires_at AS "expiresAt"
         FROM refresh_token_families WHERE id = $1 FOR UPDATE`,
      [token.familyId],
    );
    const family = families[0];
    if (!family || family.revokedAt !== null || token.expiresAt <= now) {
      return { kind: 'invalid' };
    }
    if (token.rotatedAt !== null) {
      await this.revokeFamily(manager, token.familyId, 'refresh_token_reuse', now);
      return { kind: 'reused', userId: family.userId, familyId: token.familyId };
    }

    await manager.query(`UPDATE refresh_tokens SET rotated_at = $2 WHERE id = $1`, [token.id, now]);
    const next = await this.insertToken(manager, token.familyId, now, family.expiresAt);
    return { kind: 'rotated', userId: family.userId, familyId: token.familyId, refreshToken: next };
  }

  async revokeFamily(
    manager: EntityManager,
    familyId: string,
    reason: RevocationReason,
    now: Date,
  ): Promise<void> {
    await manager.query(
      `UPDATE refresh_token_families SET revoked_at = $2, revoked_reason = $3
        WHERE id = $1 AND revoked_at IS NULL`,
      [familyId, now, reason],
    );
  }

  /** Revokes the family of `refreshToken` if it belongs to `userId`; unknown tokens are ignored. */
  async revokeByToken(
    manager: EntityManager,
    refreshToken: string,
    userId: string,
    now: Date,
  ): Promise<boolean> {
    const result: unknown = await manager.query(
      `UPDATE refresh_token_families f SET revoked_at = $3, revoked_reason = 'logout'
         FROM refresh_tokens t
        WHERE t.token_hash = $1 AND t.family_id = f.id AND f.user_id = $2 AND f.revoked_at IS NULL
        RETURNING f.id`,
      [sha256Hex(refreshToken), userId, now],
    );
    return Array.isArray(result) && Array.isArray(result[0]) && result[0].length > 0;
  }

  async revokeAllForUser(manager: EntityManager, userId: string, now: Date): Promise<void> {
    await manager.query(
      `UPDATE refresh_token_families SET revoked_at = $2, revoked_reason = 'logout_all'
        WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId, now],
    );
  }

  private async insertToken(
    manager: EntityManager,
    familyId: string,
    now: Date,
    expiresAt: Date,
  ): Promise<string> {
    const refreshToken = randomOpaqueToken();
    await manager.query(
      `INSERT INTO refresh_tokens (id, family_id, token_hash, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [randomUUID(), familyId, sha256Hex(refreshToken), now, expiresAt],
    );
    return refreshToken;
  }
}
