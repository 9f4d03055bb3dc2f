import { randomBytes } from 'node:crypto';
import { SamlRejectionReason } from '@app/auth';
import { SignedResponseOptions } from '@app/dev-idp';
import { expectCode } from '../../support/acs-expectations';
import { ApiHarness, startApi, TEST_FRONTEND } from '../../support/api-harness';
import { snapshotAuthState } from '../../support/auth-state';
import { LogCapture } from '../../support/log-capture';
import { idpResponse, StartedLogin } from '../../support/saml-flow';

/** The API under attack, with its log lines captured so that refusals can be read back. */
export interface Target {
  api: ApiHarness;
  logs: LogCapture;
}

export async function startTarget(env: Record<string, string> = {}): Promise<Target> {
  const logs = new LogCapture();
  const api = await startApi({ env: { LOG_LEVEL: 'info', ...env }, logDestination: logs });
  return { api, logs };
}

export const toBase64 = (xml: string): string => Buffer.from(xml, 'utf8').toString('base64');

/** The IdP's response for a login as XML text, signed (or not) as `overrides` ask. */
export function responseXml(
  api: ApiHarness,
  login: Pick<StartedLogin, 'requestId'> | null,
  overrides: Partial<SignedResponseOptions> = {},
): string {
  return Buffer.from(idpResponse(api, login, overrides), 'base64').toString('utf8');
}

/** The browser's auto-POST to the ACS, tagged with an `X-Request-Id` to find its log lines. */
export function postAcsTagged(
  api: ApiHarness,
  samlResponse: string,
  relayState: string,
  requestId: string,
): Promise<Response> {
  return fetch(`${api.url}/auth/saml/acs`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-request-id': requestId },
    body: new URLSearchParams({ SAMLResponse: samlResponse, RelayState: relayState }),
    redirect: 'manual',
  });
}

export const newRequestId = (): string => `attack-${randomBytes(8).toString('hex')}`;

/**
 * No code: either back to the frontend with `error=access_denied` (RFC 6749 §4.1.2.1), or a 400
 * for a document not worth reading. Never a redirect anywhere else.
 */
export function expectNoCode(response: Response): void {
  expect([302, 400]).toContain(response.status);
  const location = response.headers.get('location');
  if (response.status === 400) {
    expect(location).toBeNull();
    return;
  }
  const target = new URL(location ?? '');
  expect(`${target.origin}${target.pathname}`).toBe(TEST_FRONTEND);
  expect(target.searchParams.get('error')).toBe('access_denied');
  expect(target.searchParams.has('code')).toBe(false);
}

/** Why the API says it refused the request with this id, from its `saml_login_refused` line. */
export function refusalReason(target: Target, requestId: string): string {
  const refusal = target.logs.forRequest(requestId).find((e) => e.event === 'saml_login_refused');
  return typeof refusal?.reason === 'string' ? refusal.reason : 'no saml_login_refused event';
}

/**
 * Posts a hostile document for a login in progress and checks the whole refusal: no code, not
 * one row written or changed, and a `saml_login_refused` event giving one of `reasons`.
 */
export async function expectRefused(
  target: Target,
  login: StartedLogin,
  xml: string,
  reasons: readonly SamlRejectionReason[],
): Promise<void> {
  await expectRefusedEncoded(target, login, toBase64(xml), reasons);
}

/** `expectRefused` for a SAMLResponse already encoded, in whatever way the test chose. */
export async function expectRefusedEncoded(
  target: Target,
  login: StartedLogin,
  samlResponse: string,
  reasons: readonly SamlRejectionReason[],
): Promise<void> {
  const before = await snapshotAuthState(target.api);
  const requestId = newRequestId();

  const response = await postAcsTagged(target.api, samlResponse, login.relayState, requestId);

  expectNoCode(response);
  expect(await snapshotAuthState(target.api)).toEqual(before);
  expect(refusalReason(target, requestId)).toMatch(new RegExp(`^(${reasons.join('|')})$`));
}

/** The counterpart that keeps each attack honest: the same construction, untouched, signs in. */
export async function expectAccepted(
  target: Target,
  login: StartedLogin,
  xml: string,
): Promise<string> {
  const response = await postAcsTagged(target.api, toBase64(xml), login.relayState, newRequestId());
  return expectCode(response, login);
}
