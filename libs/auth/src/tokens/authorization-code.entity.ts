import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A one-time code: stored as its SHA-256, bound to the redirect_uri and PKCE challenge. */
@Entity({ name: 'authorization_codes' })
export class AuthorizationCode {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('char', { name: 'code_hash', length: 64 })
  codeHash!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @Column('text', { name: 'redirect_uri' })
  redirectUri!: string;

  @Column('text', { name: 'code_challenge', nullable: true })
  codeChallenge!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'used_at', nullable: true })
  usedAt!: Date | null;

  /** The refresh family the code was exchanged for; revoked if the code is presented again. */
  @Column('uuid', { name: 'refresh_family_id', nullable: true })
  refreshFamilyId!: string | null;

  /** The IdP session of the sign-in, handed on to the refresh family (single logout). */
  @Column('uuid', { name: 'saml_session_id', nullable: true })
  samlSessionId!: string | null;
}
