import { createHash, randomBytes } from 'node:crypto';
import { expect } from '@jest/globals';
import { parseRedirectAuthnRequest } from '@app/dev-idp';
import { ApiHarness, startApi, TEST_FRONTEND } from '../support/api-harness';
import { DENIED, expectAccessDenied, expectCode } from '../support/acs-expectations';
import { snapshotAuthState } from '../support/auth-state';
import { idpResponse, postAcs, postToken, startLogin } from '../support/saml-flow';

function loginUrl(api: ApiHarness, params: Record<string, string>): string {
  const query = new URLSearchParams({ redirect_uri: TEST_FRONTEND, state: 's', ...params });
  return `${api.url}/auth/saml/login?${query.toString()}`;
}

const challengeOf = (verifier: string): string =>
  createHash('sha256').update(verifier).digest('base64url');

describe('login start, PKCE and CORS edges', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  it('refuses PKCE "plain" and a missing challenge, and stores no login', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const before = await api.db.query<{ n: string }>('SELECT count(*) AS n FROM login_requests');
    const plain = await fetch(
      loginUrl(api, { code_challenge: challengeOf(verifier), code_challenge_method: 'plain' }),
      { redirect: 'manual' },
    );
    expect(plain.status).toBe(400);
    const missing = await fetch(loginUrl(api, {}), { redirect: 'manual' });
    expect(missing.status).toBe(400);
    expect(plain.headers.get('location')).toBeNull();
    const after = await api.db.query<{ n: string }>('SELECT count(*) AS n FROM login_requests');
    expect(after[0].n).toBe(before[0].n);
  });

  it('refuses a response to a login request that has expired', async () => {
    const login = await startLogin(api);
    await api.db.query(
      `UPDATE login_requests SET expires_at = now() - interval '1 second' WHERE request_id = $1`,
      [login.requestId],
    );
    const before = await snapshotAuthState(api);
    const response = await postAcs(api, idpResponse(api, login), login.relayState);
    await expectAccessDenied(response, login, DENIED.unknownLogin);
    expect(await snapshotAuthState(api)).toEqual(before);
  });

  it('admits only the allowlisted frontend origin through CORS', async () => {
    const allowed = new URL(TEST_FRONTEND).origin;
    const preflight = (origin: string): Promise<Response> =>
      fetch(`${api.url}/auth/token`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const ok = await preflight(allowed);
    expect(ok.headers.get('access-control-allow-origin')).toBe(allowed);
    for (const origin of ['https://evil.example', `${allowed}.evil.example`, 'null']) {
      const refused = await preflight(origin);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

describe('a code issued without a PKCE challenge (AUTH_REQUIRE_PKCE=false)', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({ env: { AUTH_REQUIRE_PKCE: 'false' } });
  });

  afterAll(async () => {
    await api.close();
  });

  async function codeWithoutChallenge(): Promise<string> {
    const start = await fetch(loginUrl(api, {}), { redirect: 'manual' });
    expect(start.status).toBe(302);
    const location = new URL(start.headers.get('location') ?? '');
    const requestId = parseRedirectAuthnRequest(location.searchParams.get('SAMLRequest') ?? '').id;
    const relayState = location.searchParams.get('RelayState') ?? '';
    const login = { requestId, relayState, verifier: '', state: 's' };
    return expectCode(await postAcs(api, idpResponse(api, login), relayState), login);
  }

  it('refuses a code_verifier sent for it, and accepts the exchange without one', async () => {
    const refused = await postToken(api, {
      grant_type: 'authorization_code',
      code: await codeWithoutChallenge(),
      redirect_uri: TEST_FRONTEND,
      code_verifier: randomBytes(32).toString('base64url'),
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'invalid_grant' });

    const accepted = await postToken(api, {
      grant_type: 'authorization_code',
      code: await codeWithoutChallenge(),
      redirect_uri: TEST_FRONTEND,
    });
    expect(accepted.status).toBe(200);
  });
});
