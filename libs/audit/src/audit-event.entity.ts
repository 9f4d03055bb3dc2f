import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { AuditEventType } from './audit-event';

/**
 * One recorded auth step. `user_id` has no foreign key on purpose: the trail outlives the
 * accounts it mentions, and is removed only by its own retention.
 */
@Entity({ name: 'audit_events' })
export class AuditEvent {
  /** Increasing with insertion order; the pagination cursor. bigint arrives as a string. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt!: Date;

  @Column('text')
  type!: AuditEventType;

  @Column('uuid', { name: 'user_id', nullable: true })
  userId!: string | null;

  @Column('text', { name: 'idp_issuer', nullable: true })
  idpIssuer!: string | null;

  @Column('text', { name: 'client_ip', nullable: true })
  clientIp!: string | null;

  @Column('text', { name: 'request_id', nullable: true })
  requestId!: string | null;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('uuid', { name: 'session_id', nullable: true })
  sessionId!: string | null;

  @Column('text', { name: 'authn_request_id', nullable: true })
  authnRequestId!: string | null;
}
