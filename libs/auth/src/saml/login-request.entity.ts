import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A sign-in in progress: created when the browser is sent to the IdP, consumed once by the ACS.
 * Kept in Postgres rather than process memory so the IdP's POST may land on any instance.
 */
@Entity({ name: 'login_requests' })
export class LoginRequest {
  @PrimaryColumn('uuid')
  id!: string;

  /** The AuthnRequest ID; the response's InResponseTo must name it (SAML core §3.2.2). */
  @Column('text', { name: 'request_id' })
  requestId!: string;

  @Column('char', { name: 'relay_state_hash', length: 64 })
  relayStateHash!: string;

  @Column('text', { name: 'redirect_uri' })
  redirectUri!: string;

  @Column('text', { nullable: true })
  state!: string | null;

  @Column('text', { name: 'code_challenge', nullable: true })
  codeChallenge!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;
}
