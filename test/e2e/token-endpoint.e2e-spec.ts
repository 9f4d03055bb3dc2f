import { BODY_LIMITS } from '../../apps/api/src/create-app';
import { expectProblem } from '../support/acs-expectations';
import { ApiHarness, startApi, TEST_FRONTEND } from '../support/api-harness';
import { snapshotAuthState } from '../support/auth-state';
import { postToken, signIn } from '../support/saml-flow';
import {
  attackerKey,
  expectOAuthError,
  familyRevocation,
  forgeJwt,
  getMe,
  issueCode,
  postLogout,
  postTokenForm,
  sha256Hex,
  splitJwt,
} from '../support/token-flow';

const FORM = 'application/x-www-form-urlencoded';
const REPEATED = new URLSearchParams([
  ['grant_type', 'refresh_token'],
  ['refresh_token', 'a'],
  ['refresh_token', 'b'],
]).toString();
const GRACE = { email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper', groups: [] };

describe('token endpoint', () => {
  let api: ApiHarness;

  const refreshWith = (refreshToken: string): Promise<Response> =>
    postToken(api, { grant_type: 'refresh_token', refresh_token: refreshToken });

  const postRaw = (contentType: string, body: string): Promise<Response> =>
    fetch(`${api.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  describe('authorization_code grant', () => {
    it('refuses a code used twice and revokes what its first use issued', async () => {
      const { exchange } = await issueCode(api);
      const first = await postToken(api, exchange);
      expect(first.status).toBe(200);
      const tokens = (await first.json()) as { refresh_token: string };

      await expectOAuthError(await postToken(api, exchange), 'invalid_grant');
      expect(await familyRevocation(api, tokens.refresh_token)).toBe('code_reuse');
      await expectOAuthError(await refreshWith(tokens.refresh_token), 'invalid_grant');
    });

    it('gives exactly one of 10 concurrent exchanges a token, and revokes it', async () => {
      const { exchange } = await issueCode(api);
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => postToken(api, exchange)),
      );
      const winners = responses.filter((response) => response.status === 200);
      expect(winners).toHaveLength(1);
      for (const loser of responses.filter((response) => response.status !== 200)) {
        await expectOAuthError(loser, 'invalid_grant');
      }

      // Each loser's UPDATE waits for the winner to commit and then finds the code used, which
      // revokes what it issued (RFC 6749 §4.1.2): the outcome does not depend on timing.
      const { refresh_token } = (await winners[0].json()) as { refresh_token: string };
      expect(await familyRevocation(api, refresh_token)).toBe('code_reuse');
      await expectOAuthError(await refreshWith(refresh_token), 'invalid_grant');
    });

    it.each([
      ['missing', undefined, 'code_verifier is required'],
      ['malformed', 'too-short', 'code_verifier is malformed'],
      ['not matching', 'x'.repeat(43), 'code_verifier does not match'],
    ])('refuses a PKCE verifier that is %s, and spends the code', async (_label, verifier, why) => {
      const { exchange } = await issueCode(api);
      const before = await snapshotAuthState(api);
      const { code_verifier: _right, ...withoutVerifier } = exchange;
      const attempt =
        verifier === undefined ? withoutVerifier : { ...exchange, code_verifier: verifier };

      expect(await expectOAuthError(await postToken(api, attempt), 'invalid_grant')).toBe(why);
      await expectOAuthError(await postToken(api, exchange), 'invalid_grant');
      const after = await snapshotAuthState(api);
      expect([after.refreshFamilies, after.refreshTokens]).toEqual([
        before.refreshFamilies,
        before.refreshTokens,
      ]);
    });

    it('refuses a redirect_uri that differs by one character', async () => {
      const { exchange } = await issueCode(api);
      const redirectUri = `${TEST_FRONTEND.slice(0, -1)}K`;
      const response = await postToken(api, { ...exchange, redirect_uri: redirectUri });
      expect(await expectOAuthError(response, 'invalid_grant')).toMatch(/redirect_uri/);
    });

    it('refuses an expired code', async () => {
      const { code, exchange } = await issueCode(api);
      await api.db.query(
        `UPDATE authorization_codes SET expires_at = now() - interval '1 second'
          WHERE code_hash = $1`,
        [sha256Hex(code)],
      );
      const response = await postToken(api, exchange);
      expect(await expectOAuthError(response, 'invalid_grant')).toBe('code expired');
    });

    it('accepts a form-encoded body as well as JSON', async () => {
      const { exchange } = await issueCode(api);
      const exchanged = await postTokenForm(api, exchange);
      expect(exchanged.status).toBe(200);
      const { refresh_token } = (await exchanged.json()) as { refresh_token: string };

      const refreshed = await postTokenForm(api, { grant_type: 'refresh_token', refresh_token });
      expect(refreshed.status).toBe(200);
    });
  });

  describe('malformed requests', () => {
    it.each(['password', 'client_credentials', 'urn:ietf:params:oauth:grant-type:jwt-bearer'])(
      'answers grant_type=%s with unsupported_grant_type',
      async (grantType) => {
        const response = await postToken(api, { grant_type: grantType });
        await expectOAuthError(response, 'unsupported_grant_type');
      },
    );

    it.each([
      ['no grant_type', {}],
      ['no code', { grant_type: 'authorization_code', redirect_uri: TEST_FRONTEND }],
      ['no redirect_uri', { grant_type: 'authorization_code', code: 'abc' }],
      ['no refresh_token', { grant_type: 'refresh_token' }],
      ['an empty refresh_token', { grant_type: 'refresh_token', refresh_token: '' }],
    ])('answers a request with %s with invalid_request', async (_label, body) => {
      await expectOAuthError(await postToken(api, body), 'invalid_request');
    });

    it.each([
      ['a JSON array', 'application/json', '[]'],
      ['a repeated form parameter', FORM, REPEATED],
      ['a plain-text body', 'text/plain', 'grant_type=refresh_token'],
    ])('answers %s with invalid_request', async (_label, contentType, body) => {
      await expectOAuthError(await postRaw(contentType, body), 'invalid_request');
    });

    it('answers malformed JSON with invalid_request, without quoting the body', async () => {
      const secret = 'secret-refresh-token-value';
      const response = await postRaw('application/json', `{"refresh_token": ${secret}}`);
      expect(await expectOAuthError(response, 'invalid_request')).not.toContain(secret);
    });

    it(`answers a body over the ${BODY_LIMITS.json}-byte limit with 413, same shape`, async () => {
      const padding = 'x'.repeat(BODY_LIMITS.json);
      const body = JSON.stringify({ grant_type: 'refresh_token', refresh_token: padding });
      await expectOAuthError(await postRaw('application/json', body), 'invalid_request', 413);
    });
  });

  describe('refresh_token grant', () => {
    it('gives exactly one of 5 concurrent refreshes a token, then revokes the family', async () => {
      const { refresh_token } = await signIn(api);
      const responses = await Promise.all(
        Array.from({ length: 5 }, () => refreshWith(refresh_token)),
      );
      const winners = responses.filter((response) => response.status === 200);
      expect(winners).toHaveLength(1);
      for (const loser of responses.filter((response) => response.status !== 200)) {
        await expectOAuthError(loser, 'invalid_grant');
      }

      // Refreshes of one token are serialised by a row lock: the first rotates it, every later
      // one presents a rotated token, which is reuse and revokes the family (RFC 9700 §4.14.2).
      const rotated = (await winners[0].json()) as { refresh_token: string };
      expect(await familyRevocation(api, rotated.refresh_token)).toBe('refresh_token_reuse');
      await expectOAuthError(await refreshWith(rotated.refresh_token), 'invalid_grant');
    });
  });

  describe('logout', () => {
    it('with {all: true} revokes every session of the user and only theirs', async () => {
      const first = await signIn(api);
      const second = await signIn(api);
      const someoneElse = await signIn(api, { user: GRACE });

      expect((await postLogout(api, first.access_token, { all: true })).status).toBe(204);
      await expectOAuthError(await refreshWith(first.refresh_token), 'invalid_grant');
      await expectOAuthError(await refreshWith(second.refresh_token), 'invalid_grant');
      expect((await refreshWith(someoneElse.refresh_token)).status).toBe(200);
    });
  });

  describe('bearer tokens', () => {
    async function expectInvalidToken(token: string): Promise<void> {
      const response = await getMe(api, `Bearer ${token}`);
      expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      await expectProblem(response, 401);
    }

    it('answers /users/me without a token with 401, problem+json and a challenge', async () => {
      const response = await getMe(api);
      expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_request"');
      expect((await expectProblem(response, 401)).title).toBe('Unauthorized');
    });

    it('refuses a refresh token or a code presented as a bearer token', async () => {
      const { refresh_token } = await signIn(api);
      const { code } = await issueCode(api);
      await expectInvalidToken(refresh_token);
      await expectInvalidToken(code);
    });

    it('refuses alg none, an edited payload, and another key using our kid', async () => {
      const { access_token } = await signIn(api);
      const { header, payload, signature } = splitJwt(access_token);
      expect((await getMe(api, `Bearer ${access_token}`)).status).toBe(200);

      const unsigned = forgeJwt({ ...header, alg: 'none' }, payload, null);
      await expectInvalidToken(unsigned);
      await expectInvalidToken(`${unsigned}${signature}`);

      const promoted = { ...payload, groups: ['Everyone', 'Admins', 'Root'] };
      const [encodedHeader] = access_token.split('.');
      const encodedPayload = Buffer.from(JSON.stringify(promoted)).toString('base64url');
      await expectInvalidToken(`${encodedHeader}.${encodedPayload}.${signature}`);

      await expectInvalidToken(forgeJwt(header, promoted, attackerKey()));
    });
  });
});
