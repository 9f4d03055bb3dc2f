import { DevIdpUser } from '../saml/signed-response.builder';

export interface PresetUser extends DevIdpUser {
  /** Stable key used in form values and in `data-testid="signin-<key>"`. */
  key: string;
}

/** Test people offered on the sign-in page; the groups mirror a small Okta org. */
export const PRESET_USERS: readonly PresetUser[] = [
  {
    key: 'ada',
    email: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    groups: ['Everyone', 'Admins'],
  },
  {
    key: 'grace',
    email: 'grace@example.com',
    firstName: 'Grace',
    lastName: 'Hopper',
    groups: ['Everyone'],
  },
  {
    key: 'katherine',
    email: 'katherine@example.com',
    firstName: 'Katherine',
    lastName: 'Johnson',
    groups: ['Everyone', 'Engineering'],
  },
];

export function findPresetUser(key: string): PresetUser | undefined {
  return PRESET_USERS.find((user) => user.key === key);
}
