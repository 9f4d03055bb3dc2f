import { createHash, randomBytes } from 'node:crypto';
import { FRONTEND_CALLBACK, IDP_ISSUER, RunningApi } from './api-process';
import { mapConcurrently } from './net';
import { IdpUser } from './product';

/** A login the API has started: what the IdP and the frontend each keep until the callback. */
export interface PendingLogin {
  requestId: string;
  relayState: string;
  state: string;
  verifier: string;
}

const SETUP_CONCURRENCY = 8;

/** `GET /auth/saml/login` as a browser sends it, `count` times; the bench never follows. */
export function startLogins(api: RunningApi, count: number): Promise<PendingLogin[]> {
  return mapConcurrently(Array.from({ length: count }), SETUP_CONCURRENCY, async () => {
    const verifier = randomBytes(32).toString('base64url');
    const state = randomBytes(8).toString('hex');
    const query = new URLSearchParams({
      redirect_uri: FRONTEND_CALLBACK,
      state,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
    const loginUrl = `${api.url}/auth/saml/login?${query.toString()}`;
    const response = await fetch(loginUrl, { redirect: 'manual' });
    if (response.status !== 302) {
      throw new Error(`login start answered ${response.status}`);
    }
    const idpUrl = new URL(response.headers.get('location') ?? '');
    const samlRequest = idpUrl.searchParams.get('SAMLRequest') ?? '';
    const relayState = idpUrl.searchParams.get('RelayState') ?? '';
    const requestId = api.devIdp.parseRedirectAuthnRequest(samlRequest).id;
    return { requestId, relayState, state, verifier };
  });
}

/** The base64 Response the IdP would post for `login`, signed as Okta signs (both levels). */
export function signedResponse(api: RunningApi, login: PendingLogin, userIndex: number): string {
  const xml = api.devIdp.buildSignedResponse({
    keys: api.idpKeys,
    issuer: IDP_ISSUER,
    audience: api.spEntityId,
    acsUrl: api.spAcsUrl,
    inResponseTo: login.requestId,
    user: benchUser(userIndex),
  });
  return Buffer.from(xml, 'utf8').toString('base64');
}

/**
 * The auto-posted ACS form for each login, built ahead so signing is never measured. Login i of
 * a batch is user i's, so no two concurrent logins touch the same user row, and a user the
 * warm-up has signed in once comes back as a returning user, as most sign-ins are.
 */
export function acsForms(api: RunningApi, logins: PendingLogin[]): string[] {
  return logins.map((login, index) => {
    const samlResponse = signedResponse(api, login, index);
    return new URLSearchParams({
      SAMLResponse: samlResponse,
      RelayState: login.relayState,
    }).toString();
  });
}

/** `POST /auth/token` bodies for the codes in the ACS redirects, with each login's verifier. */
export function codeExchangeBodies(locations: string[], logins: PendingLogin[]): string[] {
  const byState = new Map(logins.map((login) => [login.state, login]));
  return locations.map((location) => {
    const query = new URL(location).searchParams;
    const login = byState.get(query.get('state') ?? '');
    if (!login) {
      throw new Error('an ACS redirect named a state the bench did not start');
    }
    return JSON.stringify({
      grant_type: 'authorization_code',
      code: query.get('code'),
      redirect_uri: FRONTEND_CALLBACK,
      code_verifier: login.verifier,
    });
  });
}

export function refreshBodies(refreshTokens: string[]): string[] {
  return refreshTokens.map((token) =>
    JSON.stringify({ grant_type: 'refresh_token', refresh_token: token }),
  );
}

/** The whole sign-in once, through the same steps, for the bearer token of the guarded cases. */
export async function signIn(api: RunningApi): Promise<string> {
  const [login] = await startLogins(api, 1);
  const acs = await fetch(`${api.url}/auth/saml/acs`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: acsForms(api, [login])[0],
    redirect: 'manual',
  });
  const location = acs.headers.get('location') ?? '';
  if (acs.status !== 302 || !location.includes('code=')) {
    throw new Error(`ACS answered ${acs.status} ${location}`);
  }
  const token = await fetch(`${api.url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: codeExchangeBodies([location], [login])[0],
  });
  if (token.status !== 200) {
    throw new Error(`token answered ${token.status} ${await token.text()}`);
  }
  return ((await token.json()) as { access_token: string }).access_token;
}

function benchUser(index: number): IdpUser {
  return {
    email: `user${index}@bench.example`,
    firstName: 'Bench',
    lastName: `User ${index}`,
    groups: ['Everyone', 'Engineering'],
  };
}
