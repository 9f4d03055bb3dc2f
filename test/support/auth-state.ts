import { ApiHarness } from './api-harness';

/**
 * Everything a sign-in can write, read straight from the database. A refused request must
 * leave it exactly as it was: equal snapshots before and after prove no row was added or
 * touched (a profile update changes `updated_at` and the names even for a known user).
 */
export interface AuthState {
  users: Record<string, unknown>[];
  authorizationCodes: number;
  seenAssertions: number;
  refreshFamilies: number;
  refreshTokens: number;
}

export async function snapshotAuthState(api: ApiHarness): Promise<AuthState> {
  const users = await api.db.query(
    `SELECT id, issuer, name_id, email, first_name, last_name, groups, updated_at, last_login_at
       FROM users ORDER BY id`,
  );
  const [counts] = await api.db.query<Omit<AuthState, 'users'>>(
    `SELECT (SELECT count(*)::int FROM authorization_codes) AS "authorizationCodes",
            (SELECT count(*)::int FROM seen_assertions) AS "seenAssertions",
            (SELECT count(*)::int FROM refresh_token_families) AS "refreshFamilies",
            (SELECT count(*)::int FROM refresh_tokens) AS "refreshTokens"`,
  );
  return { users, ...counts };
}

/**
 * What no error body may carry: the SAML document (as XML or as the base64 the client sent)
 * or a stack trace.
 */
export function expectNothingLeaked(body: string, samlResponse?: string): void {
  expect(body).not.toMatch(/<\/?(saml2?p?:)?(Response|Assertion)\b/);
  expect(body).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  expect(body).not.toContain('node_modules');
  if (samlResponse && samlResponse.length >= 32) {
    expect(body).not.toContain(samlResponse.slice(0, 32));
  }
}
