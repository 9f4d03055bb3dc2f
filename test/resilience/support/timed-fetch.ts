import { TEST_FRONTEND } from '../../support/api-harness';
import { SignedResponseOptions } from '@app/dev-idp';
import { ApiEndpoint, idpResponse, startLogin, StartedLogin } from '../../support/saml-flow';

/** No request of these suites may hang: each is cut after this long and counted as a timeout. */
export const REQUEST_TIMEOUT_MS = 10_000;

export interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

/** fetch with a bound; answers status 0 when the request timed out or the connection failed. */
export async function timedFetch(url: string, init: RequestInit = {}): Promise<Answer> {
  try {
    const response = await fetch(url, {
      redirect: 'manual',
      ...init,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    return { status: response.status, headers: response.headers, body: await response.text() };
  } catch {
    return { status: 0, headers: new Headers(), body: '' };
  }
}

export function tokenRequest(api: ApiEndpoint, body: Record<string, string>): Promise<Answer> {
  return timedFetch(`${api.url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export function refresh(api: ApiEndpoint, refreshToken: string): Promise<Answer> {
  return tokenRequest(api, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

export function exchange(api: ApiEndpoint, login: StartedLogin, code: string): Promise<Answer> {
  return tokenRequest(api, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: TEST_FRONTEND,
    code_verifier: login.verifier,
  });
}

export function acs(api: ApiEndpoint, samlResponse: string, relayState: string): Promise<Answer> {
  return timedFetch(`${api.url}/auth/saml/acs`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ SAMLResponse: samlResponse, RelayState: relayState }),
  });
}

export function greet(api: ApiEndpoint, accessToken: string): Promise<Answer> {
  return timedFetch(`${api.url}/greetings`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
}

export function logout(
  api: ApiEndpoint,
  accessToken: string,
  refreshToken: string,
): Promise<Answer> {
  return timedFetch(`${api.url}/auth/logout`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ refresh_token: refreshToken }),
  });
}

/** The code in an ACS redirect, or null when the redirect carries none. */
export function codeOf(answer: Answer): string | null {
  const location = answer.headers.get('location');
  if (answer.status !== 302 || !location) {
    return null;
  }
  return new URL(location).searchParams.get('code');
}

/** A login started on `start`, whose signed response is ready to post to any instance. */
export async function preparedLogin(
  start: ApiEndpoint,
  overrides: Partial<SignedResponseOptions> = {},
): Promise<{ login: StartedLogin; samlResponse: string }> {
  const login = await startLogin(start);
  return { login, samlResponse: idpResponse(start, login, overrides) };
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  token_type: string;
}

/** Parses a 200 token answer; throws with the answer when it is not one. */
export function tokensOf(answer: Answer): Tokens {
  if (answer.status !== 200) {
    throw new Error(`token endpoint answered ${answer.status} ${answer.body}`);
  }
  return JSON.parse(answer.body) as Tokens;
}
