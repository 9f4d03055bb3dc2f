import { createPublicKey, JsonWebKey, verify } from 'node:crypto';
import { expect } from '@jest/globals';
import { ApiHarness, startApi, TEST_FRONTEND } from '../support/api-harness';
import { ADA, idpResponse, postAcs, postToken, signIn, startLogin } from '../support/saml-flow';

/** The token endpoint's JSON (RFC 6749 §5.1), as a client reads it. */
interface TokenBody {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token: string;
}

describe('sign-in flow over HTTP', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  it('walks login → IdP → ACS → code → tokens → /users/me', async () => {
    const login = await startLogin(api);
    expect(login.requestId).toMatch(/^_[0-9a-f]{40}$/);
    expect(login.relayState).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const acs = await postAcs(api, idpResponse(api, login), login.relayState);
    expect(acs.status).toBe(302);
    expect(acs.headers.get('referrer-policy')).toBe('no-referrer');
    const location = new URL(acs.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(TEST_FRONTEND);
    expect(location.searchParams.get('state')).toBe(login.state);
    const code = location.searchParams.get('code') ?? '';
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const token = await postToken(api, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: TEST_FRONTEND,
      code_verifier: login.verifier,
    });
    expect(token.status).toBe(200);
    expect(token.headers.get('cache-control')).toBe('no-store');
    const tokens = (await token.json()) as TokenBody;
    expect(tokens).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 600,
      refresh_token: expect.any(String),
    });

    const me = await fetch(`${api.url}/users/me`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      email: ADA.email,
      firstName: 'Ada',
      lastName: 'Lovelace',
      groups: ['Everyone', 'Admins'],
      nameId: ADA.email,
    });
  });

  it('issues access tokens that verify against the published JWKS by kid', async () => {
    const { access_token } = await signIn(api);
    const [header, payload, signature] = access_token.split('.');
    const { kid, alg, typ } = JSON.parse(Buffer.from(header, 'base64url').toString()) as Record<
      string,
      string
    >;
    expect({ alg, typ }).toEqual({ alg: 'RS256', typ: 'at+jwt' });

    const jwks = (await (await fetch(`${api.url}/.well-known/jwks.json`)).json()) as {
      keys: (JsonWebKey & { kid: string })[];
    };
    const jwk = jwks.keys.find((key) => key.kid === kid);
    if (!jwk) {
      throw new Error(`the JWKS has no key ${kid}`);
    }
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    const valid = verify(
      'sha256',
      Buffer.from(`${header}.${payload}`),
      key,
      Buffer.from(signature, 'base64url'),
    );
    expect(valid).toBe(true);

    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({
      iss: api.url,
      aud: api.url,
      email: ADA.email,
      groups: ADA.groups,
    });
    expect(claims.exp).toBe((claims.iat as number) + 600);
    expect(typeof claims.jti).toBe('string');
    expect(typeof claims.sub).toBe('string');
  });

  it('rotates refresh tokens and refuses a rotated one, revoking its family', async () => {
    const first = await signIn(api);
    const rotated = await postToken(api, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    });
    expect(rotated.status).toBe(200);
    const second = (await rotated.json()) as { refresh_token: string };
    expect(second.refresh_token).not.toBe(first.refresh_token);

    const reuse = await postToken(api, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    });
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toMatchObject({ error: 'invalid_grant' });
    // The thief's replay revoked the legitimate holder's newer token too (RFC 9700 §4.14.2).
    const afterReuse = await postToken(api, {
      grant_type: 'refresh_token',
      refresh_token: second.refresh_token,
    });
    expect(afterReuse.status).toBe(400);
  });

  it('logout revokes the session and the guard keeps closed routes closed', async () => {
    const tokens = await signIn(api);
    const unauthenticated = await fetch(`${api.url}/auth/logout`, { method: 'POST' });
    expect(unauthenticated.status).toBe(401);

    const logout = await fetch(`${api.url}/auth/logout`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens.access_token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ refresh_token: tokens.refresh_token }),
    });
    expect(logout.status).toBe(204);
    const refresh = await postToken(api, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(refresh.status).toBe(400);
  });

  it('guards feature routes by default and leaves @Public() ones open', async () => {
    const closed = await fetch(`${api.url}/greetings`);
    expect(closed.status).toBe(401);
    expect(closed.headers.get('content-type')).toContain('application/problem+json');
    expect(closed.headers.get('www-authenticate')).toBe('Bearer error="invalid_request"');
    expect(await closed.json()).toMatchObject({
      status: 401,
      title: 'Unauthorized',
      correlationId: expect.any(String),
    });

    const open = await fetch(`${api.url}/greetings/public`);
    expect(open.status).toBe(200);

    const { access_token } = await signIn(api);
    const greeted = await fetch(`${api.url}/greetings`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(await greeted.json()).toEqual({ message: 'Hello, Ada Lovelace!', groups: ADA.groups });
  });
});
