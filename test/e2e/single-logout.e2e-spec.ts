import { expect } from '@jest/globals';
import { DevIdpKeys, generateDevIdpKeys } from '@app/dev-idp';
import { ApiHarness, TEST_FRONTEND } from '../support/api-harness';
import { ADA, signIn, SignedIn } from '../support/saml-flow';
import {
  idpLogoutRequestUrl,
  idpLogoutResponseUrl,
  lastAuditId,
  logoutAuditSince,
  postSamlLogout,
  readSignedMessage,
  refresh,
  GRACE,
  SloStack,
  startSloStack,
} from '../support/single-logout-flow';
import { familyRevocation, sha256Hex } from '../support/token-flow';

const RESPONDER = 'urn:oasis:names:tc:SAML:2.0:status:Responder';

describe('SAML single logout', () => {
  let stack: SloStack;
  let api: ApiHarness;
  let idpUrl: string;
  let spKeys: DevIdpKeys;

  beforeAll(async () => {
    stack = await startSloStack();
    ({ api, idpUrl, spKeys } = stack);
  });

  afterAll(async () => {
    await stack.close();
  });

  async function startSpLogout(session: SignedIn, state = 'st-1'): Promise<URL> {
    const response = await postSamlLogout(api, session.access_token, {
      refresh_token: session.refresh_token,
      redirect_uri: TEST_FRONTEND,
      state,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { logout_url: string };
    return new URL(body.logout_url);
  }

  function logoutRequestIdOf(logoutUrl: URL): string {
    const { xml } = readSignedMessage(logoutUrl.toString(), spKeys.certPem);
    return /\bID="([^"]+)"/.exec(xml)?.[1] ?? '';
  }

  it('publishes the single logout endpoint in SP metadata', async () => {
    const xml = await (await fetch(`${api.url}/auth/saml/metadata`)).text();
    expect(xml).toContain(
      '<SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" ' +
        `Location="${api.url}/auth/saml/slo"/>`,
    );
  });

  it('SP-initiated: revokes, round-trips through the IdP, lands with state', async () => {
    const since = await lastAuditId(api);
    const session = await signIn(api);
    const logoutUrl = await startSpLogout(session, 'bye-1');

    // Revoked before the browser even reaches the IdP.
    expect(await familyRevocation(api, session.refresh_token)).toBe('logout');
    expect((await refresh(api, session.refresh_token)).status).toBe(400);
    expect(`${logoutUrl.origin}${logoutUrl.pathname}`).toBe(`${idpUrl}/slo`);
    const request = readSignedMessage(logoutUrl.toString(), spKeys.certPem);
    expect(request.signatureValid).toBe(true);
    expect(request.xml).toContain(`>${ADA.email}</saml:NameID>`);
    expect(request.xml).toMatch(/SessionIndex[^>]*>id[0-9a-f]{40}</);

    const atIdp = await fetch(logoutUrl, { redirect: 'manual' });
    expect(atIdp.status).toBe(302);
    const back = await fetch(atIdp.headers.get('location') ?? '', { redirect: 'manual' });
    expect(back.status).toBe(302);
    const landing = new URL(back.headers.get('location') ?? '');
    expect(`${landing.origin}${landing.pathname}`).toBe(TEST_FRONTEND);
    expect(landing.searchParams.get('state')).toBe('bye-1');
    expect(landing.searchParams.get('error')).toBeNull();
    expect(await logoutAuditSince(api, since)).toEqual([
      { type: 'saml_logout_started', reason: null },
      { type: 'saml_logout_completed', reason: null },
    ]);

    // The LogoutResponse is single use: its request is gone once answered.
    const beforeAgain = await lastAuditId(api);
    const again = await fetch(atIdp.headers.get('location') ?? '', { redirect: 'manual' });
    expect(again.status).toBe(400);
    expect(await logoutAuditSince(api, beforeAgain)).toEqual([
      { type: 'saml_logout_refused', reason: 'unknown_logout_request' },
    ]);
  });

  it('SP-initiated: an IdP failure status still lands on the frontend, with error', async () => {
    const session = await signIn(api);
    const logoutUrl = await startSpLogout(session, 'bye-2');
    const answer = idpLogoutResponseUrl(
      api,
      { inResponseTo: logoutRequestIdOf(logoutUrl), statusCode: RESPONDER },
      logoutUrl.searchParams.get('RelayState'),
    );
    const back = await fetch(answer, { redirect: 'manual' });
    expect(back.status).toBe(302);
    const landing = new URL(back.headers.get('location') ?? '');
    expect(landing.searchParams.get('error')).toBe('logout_failed');
    expect(landing.searchParams.get('state')).toBe('bye-2');
    expect(await familyRevocation(api, session.refresh_token)).toBe('logout');
  });

  it('SP-initiated: refuses a LogoutResponse to a request we did not send', async () => {
    const session = await signIn(api);
    const logoutUrl = await startSpLogout(session);
    const relayState = logoutUrl.searchParams.get('RelayState');
    const since = await lastAuditId(api);
    const unknown = idpLogoutResponseUrl(api, { inResponseTo: '_not-ours' }, relayState);
    const response = await fetch(unknown, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const forgedKey = idpLogoutResponseUrl(
      api,
      { inResponseTo: logoutRequestIdOf(logoutUrl) },
      relayState,
      generateDevIdpKeys(),
    );
    expect((await fetch(forgedKey, { redirect: 'manual' })).status).toBe(400);
    expect(await logoutAuditSince(api, since)).toEqual([
      { type: 'saml_logout_refused', reason: 'unknown_logout_request' },
      { type: 'saml_logout_refused', reason: 'signature_invalid' },
    ]);
    // The genuine answer still completes: refusals consumed nothing.
    const genuine = idpLogoutResponseUrl(
      api,
      { inResponseTo: logoutRequestIdOf(logoutUrl) },
      relayState,
    );
    expect((await fetch(genuine, { redirect: 'manual' })).status).toBe(302);
  });

  it('SP-initiated: refuses a redirect_uri off the allowlist and revokes nothing', async () => {
    const session = await signIn(api);
    const response = await postSamlLogout(api, session.access_token, {
      refresh_token: session.refresh_token,
      redirect_uri: 'https://evil.example/callback',
    });
    expect(response.status).toBe(400);
    expect(await familyRevocation(api, session.refresh_token)).toBeNull();
    expect((await refresh(api, session.refresh_token)).status).toBe(200);
  });

  it('SP-initiated: needs a bearer token', async () => {
    const response = await fetch(`${api.url}/auth/saml/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: 'x', redirect_uri: TEST_FRONTEND }),
    });
    expect(response.status).toBe(401);
  });

  it('IdP-initiated: revokes every session of the NameID, answers a signed Success', async () => {
    const since = await lastAuditId(api);
    const nameId = `ada-${Date.now()}@example.com`;
    const first = await signIn(api, { user: { ...ADA, email: nameId } });
    const second = await signIn(api, { user: { ...ADA, email: nameId } });
    const grace = await signIn(api, { user: GRACE });

    const url = idpLogoutRequestUrl(api, { nameId, id: '_idp-logout-1' });
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const location = response.headers.get('location') ?? '';
    expect(location.startsWith(`${idpUrl}/slo?`)).toBe(true);
    const answer = readSignedMessage(location, spKeys.certPem);
    expect(answer.signatureValid).toBe(true);
    expect(answer.relayState).toBe('idp-relay');
    expect(answer.xml).toContain('InResponseTo="_idp-logout-1"');
    expect(answer.xml).toContain('urn:oasis:names:tc:SAML:2.0:status:Success');
    expect(answer.xml).toContain(`Destination="${idpUrl}/slo"`);

    expect(await familyRevocation(api, first.refresh_token)).toBe('saml_logout');
    expect(await familyRevocation(api, second.refresh_token)).toBe('saml_logout');
    expect((await refresh(api, first.refresh_token)).status).toBe(400);
    expect(await familyRevocation(api, grace.refresh_token)).toBeNull();
    expect((await refresh(api, grace.refresh_token)).status).toBe(200);
    expect(await logoutAuditSince(api, since)).toEqual([
      { type: 'saml_logout_requested', reason: null },
      { type: 'saml_logout_requested', reason: null },
    ]);
  });

  it('IdP-initiated: a SessionIndex ends only that session', async () => {
    const nameId = `ada-index-${Date.now()}@example.com`;
    const first = await signIn(api, { user: { ...ADA, email: nameId } });
    const second = await signIn(api, { user: { ...ADA, email: nameId } });
    const [row] = await api.db.query<{ sessionIndex: string }>(
      `SELECT s.session_index AS "sessionIndex" FROM saml_sessions s
         JOIN refresh_token_families f ON f.saml_session_id = s.id
         JOIN refresh_tokens t ON t.family_id = f.id WHERE t.token_hash = $1`,
      [sha256Hex(first.refresh_token)],
    );
    const url = idpLogoutRequestUrl(api, { nameId, sessionIndexes: [row.sessionIndex] });
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(302);
    expect(await familyRevocation(api, first.refresh_token)).toBe('saml_logout');
    expect(await familyRevocation(api, second.refresh_token)).toBeNull();
  });

  describe('refuses a LogoutRequest, revoking nothing', () => {
    let victim: SignedIn;
    let nameId: string;

    beforeAll(async () => {
      nameId = `victim-${Date.now()}@example.com`;
      victim = await signIn(api, { user: { ...ADA, email: nameId } });
    });

    afterEach(async () => {
      expect(await familyRevocation(api, victim.refresh_token)).toBeNull();
    });

    async function expectRefused(url: string, reason: string): Promise<void> {
      const since = await lastAuditId(api);
      const response = await fetch(url, { redirect: 'manual' });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { status: number; detail?: string };
      expect(body.status).toBe(400);
      expect(await logoutAuditSince(api, since)).toEqual([{ type: 'saml_logout_refused', reason }]);
    }

    it('unsigned', async () => {
      await expectRefused(idpLogoutRequestUrl(api, { nameId }, null), 'signature_missing');
    });

    it('signed with another key', async () => {
      const url = idpLogoutRequestUrl(api, { nameId }, generateDevIdpKeys());
      await expectRefused(url, 'signature_invalid');
    });

    it('from another issuer', async () => {
      const url = idpLogoutRequestUrl(api, { nameId, issuer: 'http://www.okta.example/other' });
      await expectRefused(url, 'issuer_mismatch');
    });

    it('for another destination', async () => {
      const url = idpLogoutRequestUrl(api, { nameId, destination: 'https://other.example/slo' });
      await expectRefused(url, 'destination_mismatch');
    });

    it('expired', async () => {
      const past = new Date(Date.now() - 20 * 60 * 1000);
      const url = idpLogoutRequestUrl(api, {
        nameId,
        now: past,
        notOnOrAfter: new Date(past.getTime() + 60_000),
      });
      await expectRefused(url, 'time_window');
    });

    it('a tampered query (signature over other parameters)', async () => {
      const url = idpLogoutRequestUrl(api, { nameId }).replace(
        'RelayState=idp-relay',
        'RelayState=changed',
      );
      await expectRefused(url, 'signature_invalid');
    });

    it('replayed', async () => {
      const other = `replay-${Date.now()}@example.com`;
      const url = idpLogoutRequestUrl(api, { nameId: other, id: `_replay-${Date.now()}` });
      expect((await fetch(url, { redirect: 'manual' })).status).toBe(302);
      await expectRefused(url, 'replayed_request');
    });
  });
});
