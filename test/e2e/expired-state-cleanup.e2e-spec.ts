import { ExpiredStateCleaner } from '@app/auth';
import { ApiHarness, startApi } from '../support/api-harness';
import { postToken, signIn, startLogin } from '../support/saml-flow';

describe(ExpiredStateCleaner.name, () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const count = async (table: string): Promise<number> =>
    Number((await api.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0].n);

  it('deletes expired sign-in state and keeps live sessions working', async () => {
    const expired = await signIn(api);
    await startLogin(api);
    const live = await signIn(api);
    await startLogin(api);
    const before = {
      families: await count('refresh_token_families'),
      logins: await count('login_requests'),
    };

    const family = (
      await api.db.query<{ id: string }>(
        `SELECT family_id AS id FROM refresh_tokens
          WHERE created_at = (SELECT min(created_at) FROM refresh_tokens)`,
      )
    )[0].id;
    await api.db.query(
      `UPDATE refresh_token_families SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [family],
    );
    await api.db.query(
      `UPDATE saml_sessions SET expires_at = now() - interval '1 second'
        WHERE id = (SELECT saml_session_id FROM refresh_token_families WHERE id = $1)`,
      [family],
    );
    await api.db.query(`UPDATE login_requests SET expires_at = now() - interval '1 second'`);
    await api.db.query(`UPDATE authorization_codes SET expires_at = now() - interval '1 second'`);
    await api.db.query(`UPDATE seen_assertions SET expires_at = now() - interval '1 second'`);

    const removed = await api.app.get(ExpiredStateCleaner).removeExpired();
    expect(removed).toEqual({
      login_requests: before.logins,
      seen_assertions: 2,
      authorization_codes: 2,
      refresh_token_families: 1,
      saml_sessions: 1,
      logout_requests: 0,
      seen_logout_requests: 0,
    });
    expect(await count('refresh_token_families')).toBe(before.families - 1);
    expect(await count('refresh_tokens')).toBe(1);

    const stillLive = await postToken(api, {
      grant_type: 'refresh_token',
      refresh_token: live.refresh_token,
    });
    expect(stillLive.status).toBe(200);
    const gone = await postToken(api, {
      grant_type: 'refresh_token',
      refresh_token: expired.refresh_token,
    });
    expect(gone.status).toBe(400);
  });
});
