import { RoleGrant } from '@app/config';

/**
 * An application role, e.g. `admin` or `editor`: a name that AUTH_ROLE_MAPPING (or
 * AUTH_ADMIN_GROUPS, for `admin`) grants to members of IdP groups.
 */
export type Role = string;

/** Metadata key under which `@Roles()` stores the roles a handler requires. */
export const ROLES_KEY = 'auth:roles';

/**
 * The roles a user's IdP groups grant, in the order configured. Computed when a token is issued
 * (code exchange and refresh, from the groups the last sign-in stored), so a guard decides from
 * the token alone. Group names match exactly, case included, as the IdP sent them.
 */
export function rolesForGroups(groups: readonly string[], grants: readonly RoleGrant[]): Role[] {
  const held = new Set(groups);
  return grants
    .filter((grant) => grant.groups.some((group) => held.has(group)))
    .map((grant) => grant.role);
}
