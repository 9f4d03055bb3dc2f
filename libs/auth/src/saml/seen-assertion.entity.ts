import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An assertion ID already used to sign in, kept until the assertion expires. */
@Entity({ name: 'seen_assertions' })
export class SeenAssertion {
  @PrimaryColumn('text')
  issuer!: string;

  @PrimaryColumn('text', { name: 'assertion_id' })
  assertionId!: string;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;
}
