import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { SamlIdentity, UserDirectory } from '@app/auth';
import { User } from './user.entity';

@Injectable()
export class UsersService implements UserDirectory {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  /**
   * Creates the user on first sign-in, or refreshes the profile from the IdP on every later one
   * (the IdP is the source of truth for names and groups). One statement, so two concurrent
   * first logins of the same person end with one row.
   */
  async upsertFromIdentity(
    manager: EntityManager,
    identity: SamlIdentity,
    now: Date,
  ): Promise<User> {
    const rows: User[] = await manager.query(
      `INSERT INTO users (id, issuer, name_id, email, first_name, last_name, groups,
                          created_at, updated_at, last_login_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $8)
       ON CONFLICT (issuer, name_id) DO UPDATE
         SET email = EXCLUDED.email, first_name = EXCLUDED.first_name,
             last_name = EXCLUDED.last_name, groups = EXCLUDED.groups,
             updated_at = EXCLUDED.updated_at, last_login_at = EXCLUDED.last_login_at
       RETURNING id, issuer, name_id AS "nameId", email, first_name AS "firstName",
                 last_name AS "lastName", groups, created_at AS "createdAt",
                 updated_at AS "updatedAt", last_login_at AS "lastLoginAt"`,
      [
        randomUUID(),
        identity.issuer,
        identity.nameId,
        identity.email,
        identity.firstName,
        identity.lastName,
        identity.groups,
        now,
      ],
    );
    return rows[0];
  }

  findById(id: string, manager?: EntityManager): Promise<User | null> {
    const repository = manager ? manager.getRepository(User) : this.users;
    return repository.findOneBy({ id });
  }
}
