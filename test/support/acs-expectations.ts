import { expect } from '@jest/globals';
import { ApiHarness, TEST_FRONTEND } from './api-harness';
import { expectNothingLeaked } from './auth-state';
import { StartedLogin } from './saml-flow';

/** The `error_description` texts the ACS sends back to the frontend, by kind of refusal. */
export const DENIED = {
  rejected: 'The identity provider response could not be accepted. Please sign in again.',
  timeWindow: 'The sign-in response has expired or is not yet valid. Please sign in again.',
  unknownLogin: 'This sign-in attempt is unknown, expired or already used. Please sign in again.',
  authnFailed: 'The identity provider did not sign you in (AuthnFailed).',
} as const;

/**
 * A refused response for a login in progress: back to the frontend's redirect_uri with
 * `error=access_denied` (RFC 6749 §4.1.2.1), a readable description and the frontend's state,
 * and never a code.
 */
export async function expectAccessDenied(
  response: Response,
  login: StartedLogin,
  description: string,
): Promise<void> {
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location') ?? '');
  expect(`${location.origin}${location.pathname}`).toBe(TEST_FRONTEND);
  expect(Object.fromEntries(location.searchParams)).toEqual({
    error: 'access_denied',
    error_description: description,
    state: login.state,
  });
  expect(response.headers.get('cache-control')).toBe('no-store');
  expectNothingLeaked(await response.text());
}

/** An accepted response: back to the frontend with a code and the state. */
export function expectCode(response: Response, login: StartedLogin): string {
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location') ?? '');
  expect(location.searchParams.get('error')).toBeNull();
  expect(location.searchParams.get('state')).toBe(login.state);
  const code = location.searchParams.get('code');
  expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
  return code ?? '';
}

/** RFC 9457 problem details, with no code, no document and no stack trace. */
export async function expectProblem(
  response: Response,
  status: number,
  samlResponse?: string,
): Promise<Record<string, unknown>> {
  expect(response.status).toBe(status);
  expect(response.headers.get('location')).toBeNull();
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const text = await response.text();
  expectNothingLeaked(text, samlResponse);
  const problem = JSON.parse(text) as Record<string, unknown>;
  expect(problem).toEqual({
    type: 'about:blank',
    title: expect.any(String),
    status,
    detail: expect.any(String),
    correlationId: expect.any(String),
  });
  return problem;
}

/** A POST to the ACS with a body (and query) of the test's choosing. */
export function postAcsRaw(
  api: ApiHarness,
  body: URLSearchParams | string,
  query = '',
): Promise<Response> {
  return fetch(`${api.url}/auth/saml/acs${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
    redirect: 'manual',
  });
}
