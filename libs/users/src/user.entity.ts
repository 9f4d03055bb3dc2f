import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One person as known to one IdP: the key is the IdP's issuer plus the NameID it sends. */
@Entity({ name: 'users' })
export class User {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  issuer!: string;

  @Column('text', { name: 'name_id' })
  nameId!: string;

  @Column('text', { nullable: true })
  email!: string | null;

  @Column('text', { name: 'first_name', nullable: true })
  firstName!: string | null;

  @Column('text', { name: 'last_name', nullable: true })
  lastName!: string | null;

  @Column('text', { array: true })
  groups!: string[];

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  @Column('timestamptz', { name: 'last_login_at' })
  lastLoginAt!: Date;
}
