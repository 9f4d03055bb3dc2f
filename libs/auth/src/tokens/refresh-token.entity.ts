import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One sign-in session: every refresh token rotated from the same code belongs to one family,
 * and revoking the family ends the session (RFC 9700 §4.14.2).
 */
@Entity({ name: 'refresh_token_families' })
export class RefreshTokenFamily {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @Column('text', { name: 'revoked_reason', nullable: true })
  revokedReason!: string | null;

  /** The IdP session (NameID, SessionIndex) that single logout finds this family by. */
  @Column('uuid', { name: 'saml_session_id', nullable: true })
  samlSessionId!: string | null;
}

/** A refresh token, stored as its SHA-256; `rotatedAt` is set when it is exchanged. */
@Entity({ name: 'refresh_tokens' })
export class RefreshToken {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'family_id' })
  familyId!: string;

  @Column('char', { name: 'token_hash', length: 64 })
  tokenHash!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'rotated_at', nullable: true })
  rotatedAt!: Date | null;
}
