import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { rowsOf } from '../../common/sql-rows';
import { SamlSessionSubject } from './saml-session';

/** A refresh family revoked by single logout, for the log and the audit trail. */
export interface RevokedFamily {
  familyId: string;
  userId: string;
}

/** The family a refresh token belongs to, and the IdP session it was opened by. */
export interface FamilySession {
  familyId: string;
  revoked: boolean;
  session: SamlSessionSubject | null;
}

interface FamilySessionRow {
  familyId: string;
  revokedAt: Date | null;
  issuer: string | null;
  nameId: string | null;
  nameIdFormat: string | null;
  nameQualifier: string | null;
  spNameQualifier: string | null;
  sessionIndex: string | null;
}

/**
 * IdP sessions in `saml_sessions`, written by the ACS and pointed at by the code and then the
 * refresh family. A row lives as long as any family that can point at it.
 */
@Injectable()
export class SamlSessionStore {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async create(manager: EntityManager, subject: SamlSessionSubject, now: Date): Promise<string> {
    const id = randomUUID();
    const lifetimeMs = this.config.auth.codeTtlMs + this.config.jwt.refreshTokenTtlMs;
    await manager.query(
      `INSERT INTO saml_sessions (id, issuer, name_id, name_id_format, name_qualifier,
                                  sp_name_qualifier, session_index, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        id,
        subject.issuer,
        subject.nameId,
        subject.nameIdFormat,
        subject.nameQualifier,
        subject.spNameQualifier,
        subject.sessionIndex,
        now,
        new Date(now.getTime() + lifetimeMs),
      ],
    );
    return id;
  }

  /** Locks the family of `tokenHash` if it is `userId`'s; null for a token we do not know. */
  async familyOfToken(
    manager: EntityManager,
    tokenHash: string,
    userId: string,
  ): Promise<FamilySession | null> {
    const rows: FamilySessionRow[] = await manager.query(
      `SELECT f.id AS "familyId", f.revoked_at AS "revokedAt", s.issuer, s.name_id AS "nameId",
              s.name_id_format AS "nameIdFormat", s.name_qualifier AS "nameQualifier",
              s.sp_name_qualifier AS "spNameQualifier", s.session_index AS "sessionIndex"
         FROM refresh_tokens t
         JOIN refresh_token_families f ON f.id = t.family_id
         LEFT JOIN saml_sessions s ON s.id = f.saml_session_id
        WHERE t.token_hash = $1 AND f.user_id = $2
          FOR UPDATE OF f`,
      [tokenHash, userId],
    );
    const row = rows[0];
    if (!row) {
      return null;
    }
    return { familyId: row.familyId, revoked: row.revokedAt !== null, session: subjectOf(row) };
  }

  /**
   * Revokes every live family opened by a session of this NameID at this IdP; with session
   * indexes, only those sessions (SAML core §3.7.3.2). The NameID value is the match: IdPs
   * do not always repeat the Format they signed in with.
   */
  async revokeBySubject(
    manager: EntityManager,
    subject: { issuer: string; nameId: string; sessionIndexes: string[] },
    now: Date,
  ): Promise<RevokedFamily[]> {
    const result: unknown = await manager.query(
      `UPDATE refresh_token_families f SET revoked_at = $4, revoked_reason = 'saml_logout'
         FROM saml_sessions s
        WHERE f.saml_session_id = s.id AND s.issuer = $1 AND s.name_id = $2
          AND (cardinality($3::text[]) = 0 OR s.session_index = ANY ($3::text[]))
          AND f.revoked_at IS NULL
        RETURNING f.id AS "familyId", f.user_id AS "userId"`,
      [subject.issuer, subject.nameId, subject.sessionIndexes, now],
    );
    return rowsOf<RevokedFamily>(result);
  }
}

function subjectOf(row: FamilySessionRow): SamlSessionSubject | null {
  if (row.issuer === null || row.nameId === null) {
    return null;
  }
  return {
    issuer: row.issuer,
    nameId: row.nameId,
    nameIdFormat: row.nameIdFormat,
    nameQualifier: row.nameQualifier,
    spNameQualifier: row.spNameQualifier,
    sessionIndex: row.sessionIndex,
  };
}
