/** Roles our access tokens can carry. Each is granted through IdP groups named in config. */
export const ROLES = ['admin'] as const;

export type Role = (typeof ROLES)[number];

/** Metadata key under which `@Roles()` stores the roles a handler requires. */
export const ROLES_KEY = 'auth:roles';

/**
 * The roles a user's IdP groups grant. Computed when a token is issued, so a guard decides
 * from the token alone; a group change at the IdP takes effect at the next sign-in.
 */
export function rolesForGroups(groups: string[], adminGroups: string[]): Role[] {
  return groups.some((group) => adminGroups.includes(group)) ? ['admin'] : [];
}
