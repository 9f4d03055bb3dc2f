/** An application role and the IdP groups whose members hold it. */
export interface RoleGrant {
  role: string;
  groups: string[];
}

/** Role names as they appear in tokens and in `@Roles()`: lower case, so none differ by case. */
export const ROLE_NAME = /^[a-z][a-z0-9_-]*$/;
const MAX_ROLE_NAME_LENGTH = 64;
/** The longest group name kept from an assertion; a longer one in the mapping never matches. */
export const MAX_GROUP_NAME_LENGTH = 256;

export interface ParsedRoleMapping {
  grants: RoleGrant[];
  problems: string[];
}

/**
 * Reads AUTH_ROLE_MAPPING. The compact form is `role=Group|Other group;role2=Group`: group
 * names keep their spaces and commas (AD and Okta allow both), since only `=`, `|` and `;`
 * separate. A group whose name holds `|` or `;` needs the JSON form instead:
 * `{"admin": ["Admins"], "editor": ["Editors; EMEA"]}`. A role listed twice gets the groups of
 * both entries.
 */
export function parseRoleMapping(value: string): ParsedRoleMapping {
  const trimmed = value.trim();
  const entries = trimmed.startsWith('{') ? jsonEntries(trimmed) : compactEntries(trimmed);
  if ('problem' in entries) {
    return { grants: [], problems: [`AUTH_ROLE_MAPPING: ${entries.problem}`] };
  }
  const problems = entries.flatMap(([role, groups]) => entryProblems(role, groups));
  return { grants: problems.length > 0 ? [] : mergeGrants(entries), problems };
}

/** AUTH_ADMIN_GROUPS is a shorthand for `admin=…`; its groups join any the mapping names. */
export function withAdminGroups(grants: RoleGrant[], adminGroups: string[]): RoleGrant[] {
  if (adminGroups.length === 0) {
    return grants;
  }
  return mergeGrants([
    ...grants.map((grant): Entry => [grant.role, grant.groups]),
    ['admin', adminGroups],
  ]);
}

type Entry = [role: string, groups: string[]];

function compactEntries(value: string): Entry[] | { problem: string } {
  const entries: Entry[] = [];
  // Empty entries (a trailing `;`) are tolerated; they name nothing.
  for (const entry of value.split(';').filter((item) => item.trim().length > 0)) {
    const equals = entry.indexOf('=');
    if (equals < 0) {
      return {
        problem:
          `${JSON.stringify(entry.trim())} has no "=": ` +
          'expected role=Group|Other group;other-role=Group',
      };
    }
    const groups = entry.slice(equals + 1).split('|');
    entries.push([entry.slice(0, equals).trim(), groups.map((group) => group.trim())]);
  }
  return entries;
}

function jsonEntries(value: string): Entry[] | { problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return { problem: 'starts with "{" but is not valid JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { problem: 'JSON form must be an object of role names to group lists' };
  }
  const entries: Entry[] = [];
  for (const [role, groups] of Object.entries(parsed)) {
    const list: unknown[] = Array.isArray(groups) ? groups : [groups];
    if (!list.every((group): group is string => typeof group === 'string')) {
      return { problem: `role ${JSON.stringify(role)} must map to a string or a list of strings` };
    }
    entries.push([role.trim(), list.map((group) => group.trim())]);
  }
  return entries;
}

function entryProblems(role: string, groups: string[]): string[] {
  const problems: string[] = [];
  if (!ROLE_NAME.test(role) || role.length > MAX_ROLE_NAME_LENGTH) {
    problems.push(
      `${JSON.stringify(role)} is not a role name ` +
        `(lower-case letter, then a-z, 0-9, "_" or "-", at most ${MAX_ROLE_NAME_LENGTH})`,
    );
  }
  if (groups.length === 0) {
    problems.push(`role ${JSON.stringify(role)} names no group`);
  }
  if (groups.some((group) => group.length === 0)) {
    problems.push(`role ${JSON.stringify(role)} has an empty group name`);
  }
  const tooLong = groups.find((group) => group.length > MAX_GROUP_NAME_LENGTH);
  if (tooLong !== undefined) {
    problems.push(
      `role ${JSON.stringify(role)}: a group name is longer than ${MAX_GROUP_NAME_LENGTH} ` +
        'characters, which no sign-in keeps',
    );
  }
  return problems.map((problem) => `AUTH_ROLE_MAPPING: ${problem}`);
}

function mergeGrants(entries: Entry[]): RoleGrant[] {
  const byRole = new Map<string, Set<string>>();
  for (const [role, groups] of entries) {
    const known = byRole.get(role) ?? new Set<string>();
    groups.forEach((group) => known.add(group));
    byRole.set(role, known);
  }
  return [...byRole].map(([role, groups]) => ({ role, groups: [...groups] }));
}
