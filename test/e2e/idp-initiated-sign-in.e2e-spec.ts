import { randomBytes } from 'node:crypto';
import { DENIED, expectAccessDenied, expectProblem } from '../support/acs-expectations';
import { ApiHarness, startApi, TEST_FRONTEND } from '../support/api-harness';
import { snapshotAuthState } from '../support/auth-state';
import { ADA, idpResponse, postAcs, postToken, startLogin } from '../support/saml-flow';

const IDP_INITIATED = {
  SAML_ALLOW_IDP_INITIATED: 'true',
  SAML_IDP_INITIATED_REDIRECT_URI: TEST_FRONTEND,
};

/** The code from an IdP-initiated sign-in: to the configured redirect, with no state. */
function expectBareCode(response: Response): string {
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location') ?? '');
  expect(`${location.origin}${location.pathname}`).toBe(TEST_FRONTEND);
  expect([...location.searchParams.keys()]).toEqual(['code']);
  return location.searchParams.get('code') ?? '';
}

describe('IdP-initiated sign-in, when enabled', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({ env: IDP_INITIATED });
  });

  afterAll(async () => {
    await api.close();
  });

  it.each([
    ['no RelayState', undefined],
    ['an empty RelayState', ''],
    ['a RelayState chosen by the IdP admin', '/dashboard'],
  ])('accepts an unsolicited response with %s', async (_label, relayState) => {
    const user = { ...ADA, email: `${randomBytes(6).toString('hex')}@example.com` };
    const acs = await postAcs(api, idpResponse(api, null, { user }), relayState);
    const code = expectBareCode(acs);

    // No code_verifier: the code was issued without a PKCE challenge.
    const token = await postToken(api, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: TEST_FRONTEND,
    });
    expect(token.status).toBe(200);
    const users = await api.db.query<{ email: string }>(
      `SELECT email FROM users WHERE email = $1`,
      [user.email],
    );
    expect(users).toHaveLength(1);
  });

  it('refuses the same assertion a second time', async () => {
    const assertionId = `_${randomBytes(20).toString('hex')}`;
    const samlResponse = idpResponse(api, null, { assertionId });
    expectBareCode(await postAcs(api, samlResponse));
    const before = await snapshotAuthState(api);

    await expectProblem(await postAcs(api, samlResponse), 400, samlResponse);
    const reissued = idpResponse(api, null, { assertionId });
    await expectProblem(await postAcs(api, reissued), 400, reissued);
    expect(await snapshotAuthState(api)).toEqual(before);
  });

  it('still refuses a solicited response whose InResponseTo names no login', async () => {
    const login = await startLogin(api);
    const before = await snapshotAuthState(api);
    const inResponseTo = `_${randomBytes(20).toString('hex')}`;

    const unknown = idpResponse(api, { requestId: inResponseTo });
    await expectAccessDenied(
      await postAcs(api, unknown, login.relayState),
      login,
      DENIED.unknownLogin,
    );
    await expectProblem(await postAcs(api, unknown), 400, unknown);
    expect(await snapshotAuthState(api)).toEqual(before);
  });

  it('refuses an unsolicited response carrying the RelayState of an open login', async () => {
    const login = await startLogin(api);
    const before = await snapshotAuthState(api);

    const acs = await postAcs(api, idpResponse(api, null), login.relayState);
    await expectAccessDenied(acs, login, DENIED.unknownLogin);
    expect(await snapshotAuthState(api)).toEqual(before);
  });

  it('refuses a code_verifier for a code issued without a challenge', async () => {
    const code = expectBareCode(await postAcs(api, idpResponse(api, null)));
    const token = await postToken(api, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: TEST_FRONTEND,
      code_verifier: randomBytes(32).toString('base64url'),
    });
    expect(token.status).toBe(400);
  });
});

describe('IdP-initiated sign-in, by default', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  it('refuses an unsolicited response and writes nothing', async () => {
    const before = await snapshotAuthState(api);
    const samlResponse = idpResponse(api, null);

    await expectProblem(await postAcs(api, samlResponse), 400, samlResponse);
    await expectProblem(await postAcs(api, samlResponse, '/dashboard'), 400, samlResponse);
    expect(await snapshotAuthState(api)).toEqual(before);
  });
});
