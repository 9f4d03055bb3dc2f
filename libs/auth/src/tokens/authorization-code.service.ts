import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import {
  base64UrlSha256,
  constantTimeEqual,
  randomOpaqueToken,
  sha256Hex,
} from '../common/opaque-token';
import { rowsOf } from '../common/sql-rows';

export interface CodeGrant {
  userId: string;
  redirectUri: string;
  codeChallenge: string | null;
  /** The IdP session the sign-in belongs to (single logout); null when none is known. */
  samlSessionId?: string | null;
}

export interface CodeRedemption {
  code: string;
  redirectUri: string;
  codeVerifier: string | null;
}

export type RedemptionResult =
  | { kind: 'redeemed'; codeId: string; userId: string; samlSessionId: string | null }
  | { kind: 'reused'; refreshFamilyId: string | null }
  | { kind: 'invalid'; reason: string };

interface ClaimedCode {
  id: string;
  userId: string;
  redirectUri: string;
  codeChallenge: string | null;
  expiresAt: Date;
  samlSessionId: string | null;
}

/** RFC 7636 §4.1: 43 to 128 characters from the unreserved set. */
const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/**
 * One-time codes handed to the frontend after the ACS (RFC 6749 §4.1.2). Redeeming marks the
 * code used in the same statement that finds it, so of concurrent redemptions exactly one wins.
 */
@Injectable()
export class AuthorizationCodeService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async create(manager: EntityManager, grant: CodeGrant, now: Date): Promise<string> {
    const code = randomOpaqueToken();
    await manager.query(
      `INSERT INTO authorization_codes (id, code_hash, user_id, redirect_uri, code_challenge,
                                        created_at, expires_at, saml_session_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        randomUUID(),
        sha256Hex(code),
        grant.userId,
        grant.redirectUri,
        grant.codeChallenge,
        now,
        new Date(now.getTime() + this.config.auth.codeTtlMs),
        grant.samlSessionId ?? null,
      ],
    );
    return code;
  }

  async redeem(
    manager: EntityManager,
    request: CodeRedemption,
    now: Date,
  ): Promise<RedemptionResult> {
    const codeHash = sha256Hex(request.code);
    const claimed = rowsOf<ClaimedCode>(
      await manager.query(
        `UPDATE authorization_codes SET used_at = $2 WHERE code_hash = $1 AND used_at IS NULL
         RETURNING id, user_id AS "userId", redirect_uri AS "redirectUri",
                   code_challenge AS "codeChallenge", expires_at AS "expiresAt",
                   saml_session_id AS "samlSessionId"`,
        [codeHash, now],
      ),
    )[0];
    if (!claimed) {
      return this.explainUnclaimable(manager, codeHash);
    }

    if (claimed.expiresAt <= now) {
      return { kind: 'invalid', reason: 'code expired' };
    }
    if (!constantTimeEqual(claimed.redirectUri, request.redirectUri)) {
      return {
        kind: 'invalid',
        reason: 'redirect_uri does not match the one the code was issued for',
      };
    }
    const pkceProblem = checkPkce(claimed.codeChallenge, request.codeVerifier);
    if (pkceProblem) {
      return { kind: 'invalid', reason: pkceProblem };
    }
    return {
      kind: 'redeemed',
      codeId: claimed.id,
      userId: claimed.userId,
      samlSessionId: claimed.samlSessionId,
    };
  }

  async recordFamily(manager: EntityManager, codeId: string, familyId: string): Promise<void> {
    await manager.query(`UPDATE authorization_codes SET refresh_family_id = $2 WHERE id = $1`, [
      codeId,
      familyId,
    ]);
  }

  private async explainUnclaimable(
    manager: EntityManager,
    codeHash: string,
  ): Promise<RedemptionResult> {
    const used: { refreshFamilyId: string | null }[] = await manager.query(
      `SELECT refresh_family_id AS "refreshFamilyId" FROM authorization_codes WHERE code_hash = $1`,
      [codeHash],
    );
    if (used.length === 0) {
      return { kind: 'invalid', reason: 'unknown code' };
    }
    return { kind: 'reused', refreshFamilyId: used[0].refreshFamilyId };
  }
}

function checkPkce(challenge: string | null, verifier: string | null): string | null {
  if (challenge === null) {
    // A verifier for a code issued without a challenge signals a confused or forged client.
    return verifier === null ? null : 'code_verifier sent for a code issued without code_challenge';
  }
  if (verifier === null) {
    return 'code_verifier is required';
  }
  if (!CODE_VERIFIER.test(verifier)) {
    return 'code_verifier is malformed';
  }
  return constantTimeEqual(base64UrlSha256(verifier), challenge)
    ? null
    : 'code_verifier does not match';
}
