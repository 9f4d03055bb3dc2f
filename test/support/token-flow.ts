import { createHash, generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { expect } from '@jest/globals';
import { ApiHarness, TEST_FRONTEND } from './api-harness';
import { idpResponse, postAcs, StartedLogin, startLogin } from './saml-flow';

export interface IssuedCode {
  login: StartedLogin;
  code: string;
  /** The body that redeems the code, as the frontend sends it. */
  exchange: Record<string, string>;
}

/** A sign-in up to the one-time code, not yet exchanged. */
export async function issueCode(api: ApiHarness): Promise<IssuedCode> {
  const login = await startLogin(api);
  const acs = await postAcs(api, idpResponse(api, login), login.relayState);
  const code = new URL(acs.headers.get('location') ?? '').searchParams.get('code');
  if (acs.status !== 302 || !code) {
    throw new Error(`ACS answered ${acs.status}`);
  }
  const exchange = {
    grant_type: 'authorization_code',
    code,
    redirect_uri: TEST_FRONTEND,
    code_verifier: login.verifier,
  };
  return { login, code, exchange };
}

export function postTokenForm(api: ApiHarness, body: Record<string, string>): Promise<Response> {
  return fetch(`${api.url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body),
  });
}

export function getMe(api: ApiHarness, authorization?: string): Promise<Response> {
  return fetch(`${api.url}/users/me`, {
    headers: authorization === undefined ? {} : { authorization },
  });
}

export function postLogout(api: ApiHarness, accessToken: string, body: object): Promise<Response> {
  return fetch(`${api.url}/auth/logout`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** RFC 6749 §5.2: exactly `error` and `error_description`, never cached. */
export async function expectOAuthError(
  response: Response,
  error: string,
  status = 400,
): Promise<string> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/json');
  expect(response.headers.get('cache-control')).toBe('no-store');
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toEqual({ error, error_description: expect.any(String) });
  return String(body.error_description);
}

/** Parts of a compact JWS, decoded where they are JSON. */
export function splitJwt(token: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: string;
} {
  const [header, payload, signature] = token.split('.');
  const decode = (part: string): Record<string, unknown> =>
    JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: decode(header), payload: decode(payload), signature };
}

/** A compact JWS over the given header and payload, signed with `key`, or unsigned for none. */
export function forgeJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: KeyObject | null,
): string {
  const encode = (part: object): string => Buffer.from(JSON.stringify(part)).toString('base64url');
  const input = `${encode(header)}.${encode(payload)}`;
  if (!key) {
    return `${input}.`;
  }
  const signature = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

/** An RSA key of the same kind as ours (RS256), which the API has never seen. */
export function attackerKey(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Why the refresh family of `refreshToken` was revoked, or null while it is live. */
export async function familyRevocation(
  api: ApiHarness,
  refreshToken: string,
): Promise<string | null> {
  const [row] = await api.db.query<{ reason: string | null }>(
    `SELECT f.revoked_reason AS reason FROM refresh_token_families f
       JOIN refresh_tokens t ON t.family_id = f.id WHERE t.token_hash = $1`,
    [sha256Hex(refreshToken)],
  );
  return row.reason;
}
