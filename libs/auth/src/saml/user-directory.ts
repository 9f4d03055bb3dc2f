import { EntityManager } from 'typeorm';
import { SamlIdentity } from './saml-identity';

/** What auth needs to know of a user to issue tokens. */
export interface DirectoryUser {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  groups: string[];
}

/**
 * Where auth provisions and reads users. Implemented by the users lib and bound in the app
 * module, so auth does not depend on how users are stored.
 */
export interface UserDirectory {
  upsertFromIdentity(
    manager: EntityManager,
    identity: SamlIdentity,
    now: Date,
  ): Promise<DirectoryUser>;
  findById(id: string, manager?: EntityManager): Promise<DirectoryUser | null>;
}

export const USER_DIRECTORY = Symbol('USER_DIRECTORY');
