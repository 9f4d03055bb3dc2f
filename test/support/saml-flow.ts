import { createHash, randomBytes } from 'node:crypto';
import {
  buildSignedResponse,
  DevIdpUser,
  parseRedirectAuthnRequest,
  SignedResponseOptions,
} from '@app/dev-idp';
import { ApiHarness, TEST_FRONTEND, TEST_IDP_ISSUER } from './api-harness';

/** What the flow needs of an API: where it listens and how it was configured. */
export type ApiEndpoint = Pick<ApiHarness, 'url' | 'env' | 'idpKeys'>;

export interface StartedLogin {
  requestId: string;
  relayState: string;
  verifier: string;
  state: string;
}

export const ADA: DevIdpUser = {
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  groups: ['Everyone', 'Admins'],
};

/** Step 1 as a browser does it: GET /auth/saml/login, follow nothing, read the redirect. */
export async function startLogin(
  api: ApiEndpoint,
  redirectUri = TEST_FRONTEND,
): Promise<StartedLogin> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(8).toString('hex');
  const query = new URLSearchParams({
    redirect_uri: redirectUri,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const response = await fetch(`${api.url}/auth/saml/login?${query.toString()}`, {
    redirect: 'manual',
  });
  if (response.status !== 302) {
    throw new Error(`login start answered ${response.status}`);
  }
  const location = new URL(response.headers.get('location') ?? '');
  const request = parseRedirectAuthnRequest(location.searchParams.get('SAMLRequest') ?? '');
  return {
    requestId: request.id,
    relayState: location.searchParams.get('RelayState') ?? '',
    verifier,
    state,
  };
}

/** The IdP's signed response for a started login, Okta-shaped unless overridden. */
export function idpResponse(
  api: ApiEndpoint,
  login: Pick<StartedLogin, 'requestId'> | null,
  overrides: Partial<SignedResponseOptions> = {},
): string {
  const xml = buildSignedResponse({
    keys: api.idpKeys,
    issuer: TEST_IDP_ISSUER,
    audience: api.env.SAML_SP_ENTITY_ID,
    acsUrl: api.env.SAML_SP_ACS_URL,
    inResponseTo: login?.requestId ?? null,
    user: ADA,
    ...overrides,
  });
  return Buffer.from(xml, 'utf8').toString('base64');
}

/** Step 2: the browser's auto-POST to the ACS. */
export function postAcs(
  api: ApiEndpoint,
  samlResponse: string,
  relayState?: string,
): Promise<Response> {
  const form = new URLSearchParams({ SAMLResponse: samlResponse });
  if (relayState !== undefined) {
    form.set('RelayState', relayState);
  }
  return fetch(`${api.url}/auth/saml/acs`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
    redirect: 'manual',
  });
}

export function postToken(api: ApiEndpoint, body: Record<string, string>): Promise<Response> {
  return fetch(`${api.url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export interface SignedIn {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: string;
}

/** The whole flow to tokens; throws on any unexpected step. */
export async function signIn(
  api: ApiEndpoint,
  overrides: Partial<SignedResponseOptions> = {},
): Promise<SignedIn> {
  const login = await startLogin(api);
  const acs = await postAcs(api, idpResponse(api, login, overrides), login.relayState);
  const location = new URL(acs.headers.get('location') ?? '');
  const code = location.searchParams.get('code');
  if (acs.status !== 302 || !code) {
    throw new Error(`ACS answered ${acs.status} ${location.href}`);
  }
  const token = await postToken(api, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: TEST_FRONTEND,
    code_verifier: login.verifier,
  });
  if (token.status !== 200) {
    throw new Error(`token answered ${token.status} ${await token.text()}`);
  }
  return (await token.json()) as SignedIn;
}
