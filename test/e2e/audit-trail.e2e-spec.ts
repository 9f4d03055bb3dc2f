import { expect } from '@jest/globals';
import { AuditRetentionCleaner, AuditService } from '@app/audit';
import { expectProblem } from '../support/acs-expectations';
import { ApiHarness, startApi, TEST_FRONTEND, TEST_IDP_ISSUER } from '../support/api-harness';
import { LogCapture } from '../support/log-capture';
import { ADA, idpResponse, postAcs, SignedIn, signIn, startLogin } from '../support/saml-flow';
import { splitJwt } from '../support/token-flow';

interface AuditRow {
  id: string;
  type: string;
  userId: string | null;
  idpIssuer: string | null;
  clientIp: string | null;
  requestId: string | null;
  reason: string | null;
  sessionId: string | null;
  authnRequestId: string | null;
}

interface AuditPage {
  events: (AuditRow & { occurredAt: string })[];
  nextBefore: string | null;
}

const GRACE = {
  email: 'grace@example.com',
  firstName: 'Grace',
  lastName: 'Hopper',
  groups: ['Everyone'],
};
/** With TRUST_PROXY=loopback, the address a local proxy says the client has. */
const PROXIED_CLIENT = '203.0.113.7';
const LOCAL_CLIENT = expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/);
const DAY_MS = 24 * 60 * 60 * 1000;

/** Each column holds its value or a matcher standing for it. */
type Expected<T> = { [K in keyof T]: T[K] | ReturnType<typeof expect.any> };

/** A row as expected: what the step sets, and nothing in the other columns. */
function expectedRow(type: string, fields: Partial<AuditRow> = {}): Expected<AuditRow> {
  return {
    id: expect.any(String),
    type,
    userId: null,
    idpIssuer: TEST_IDP_ISSUER,
    clientIp: LOCAL_CLIENT,
    requestId: expect.any(String),
    reason: null,
    sessionId: null,
    authnRequestId: null,
    ...fields,
  };
}

const requestIdOf = (response: Response): string | null => response.headers.get('x-request-id');

describe('audit trail', () => {
  const capture = new LogCapture();
  let api: ApiHarness;
  let seen = '0';

  /** Audit rows written since the previous call, oldest first. */
  async function newRows(): Promise<AuditRow[]> {
    await api.app.get(AuditService).flush();
    const rows = await api.db.query<AuditRow>(
      `SELECT id::text, type, user_id AS "userId", idp_issuer AS "idpIssuer",
              client_ip AS "clientIp", request_id AS "requestId", reason,
              session_id AS "sessionId", authn_request_id AS "authnRequestId"
         FROM audit_events WHERE audit_events.id > $1 ORDER BY audit_events.id`,
      [seen],
    );
    seen = rows.at(-1)?.id ?? seen;
    return rows;
  }

  function postJson(path: string, body: object, headers: object = {}): Promise<Response> {
    return fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  }

  const refresh = (refreshToken: string, headers: object = {}): Promise<Response> =>
    postJson('/auth/token', { grant_type: 'refresh_token', refresh_token: refreshToken }, headers);

  function getAuditEvents(accessToken: string | null, query = ''): Promise<Response> {
    const headers = accessToken ? { authorization: `Bearer ${accessToken}` } : undefined;
    return fetch(`${api.url}/audit-events${query}`, { headers });
  }

  beforeAll(async () => {
    api = await startApi({
      env: { TRUST_PROXY: 'loopback', LOG_LEVEL: 'info' },
      logDestination: capture,
    });
  });

  afterAll(async () => {
    await api.close();
  });

  it('records each step of a sign-in, refresh, reuse and sign-out, without secrets', async () => {
    await newRows();
    const login = await startLogin(api);
    const acs = await postAcs(api, idpResponse(api, login), login.relayState);
    const code = new URL(acs.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const exchange = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: TEST_FRONTEND,
      code_verifier: login.verifier,
    };
    const proxied = { 'x-request-id': 'audit-exchange-1', 'x-forwarded-for': PROXIED_CLIENT };
    const tokens = (await (await postJson('/auth/token', exchange, proxied)).json()) as SignedIn;
    const refreshed = await refresh(tokens.refresh_token);
    const next = (await refreshed.json()) as SignedIn;
    expect((await refresh(tokens.refresh_token)).status).toBe(400);
    expect((await postJson('/auth/token', exchange)).status).toBe(400);
    const bearer = { authorization: `Bearer ${next.access_token}` };
    const logout = await postJson('/auth/logout', { all: true }, bearer);
    expect(logout.status).toBe(204);

    const rows = await newRows();
    const userId = String(splitJwt(tokens.access_token).payload.sub);
    const sessionId = rows.find((row) => row.type === 'code_exchanged')?.sessionId;
    const authnRequestId = login.requestId;
    expect(rows).toEqual([
      expectedRow('saml_login_started', { authnRequestId }),
      expectedRow('saml_login_succeeded', { userId, authnRequestId, requestId: requestIdOf(acs) }),
      expectedRow('code_exchanged', {
        userId,
        sessionId,
        clientIp: PROXIED_CLIENT,
        requestId: 'audit-exchange-1',
      }),
      expectedRow('token_refreshed', { userId, sessionId, requestId: requestIdOf(refreshed) }),
      expectedRow('refresh_reuse_detected', { userId, sessionId }),
      expectedRow('code_reuse_detected', { sessionId }),
      expectedRow('logout_all', { userId, requestId: requestIdOf(logout) }),
    ]);

    const stored = JSON.stringify(rows);
    const secrets = [code, login.relayState, login.verifier, tokens.refresh_token, ADA.email];
    for (const secret of [...secrets, next.refresh_token, tokens.access_token.split('.')[1]]) {
      expect(stored).not.toContain(secret);
    }
  });

  it('records a refused sign-in with its reason, and no user', async () => {
    await newRows();
    const login = await startLogin(api);
    const otherAudience = { audience: 'https://other-sp.example/metadata' };
    const refused = await postAcs(api, idpResponse(api, login, otherAudience), login.relayState);
    expect(refused.status).toBe(302);
    const unreadable = await postAcs(api, Buffer.from('<!DOCTYPE x><x/>').toString('base64'));
    expect(unreadable.status).toBe(400);

    const rows = await newRows();
    expect(rows).toEqual([
      expectedRow('saml_login_started', { authnRequestId: login.requestId }),
      expectedRow('saml_login_refused', {
        reason: 'audience_mismatch',
        requestId: requestIdOf(refused),
      }),
      expectedRow('saml_login_refused', {
        reason: 'doctype_forbidden',
        requestId: requestIdOf(unreadable),
      }),
    ]);
    expect(JSON.stringify(rows)).not.toContain('other-sp');
  });

  it('lets admins page through the trail, newest first, and no one else', async () => {
    const ada = await signIn(api);
    const grace = await signIn(api, { user: GRACE });
    expect(splitJwt(ada.access_token).payload.roles).toEqual(['admin']);
    expect(splitJwt(grace.access_token).payload.roles).toEqual([]);

    expect((await getAuditEvents(null)).status).toBe(401);
    const forbidden = await expectProblem(await getAuditEvents(grace.access_token), 403);
    expect(forbidden.detail).toBe('This route needs the admin role');
    await expectProblem(await getAuditEvents(ada.access_token, '?limit=0'), 400);
    await expectProblem(await getAuditEvents(ada.access_token, '?before=abc'), 400);

    const first = await getAuditEvents(ada.access_token, '?limit=3');
    expect(first.status).toBe(200);
    const page = (await first.json()) as AuditPage;
    const newest = ['code_exchanged', 'saml_login_succeeded', 'saml_login_started'];
    expect(page.events.map((event) => event.type)).toEqual(newest);
    expect(page.nextBefore).toBe(page.events[2].id);

    const query = `?limit=3&before=${page.nextBefore}`;
    const second = (await (await getAuditEvents(ada.access_token, query)).json()) as AuditPage;
    expect(second.events.map((event) => event.type)).toEqual(newest);
    expect(Number(second.events[0].id)).toBeLessThan(Number(page.nextBefore));
    expect(second.events[0].occurredAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
  });

  it('never fails a sign-in for want of the trail, and logs what was lost', async () => {
    await api.app.get(AuditService).flush();
    await api.db.query('ALTER TABLE audit_events RENAME TO audit_events_away');
    try {
      await expect(signIn(api)).resolves.toMatchObject({ token_type: 'Bearer' });
      await api.app.get(AuditService).flush();
    } finally {
      await api.db.query('ALTER TABLE audit_events_away RENAME TO audit_events');
    }
    const failures = capture.entries().filter((entry) => entry.event === 'audit_write_failed');
    expect(failures.map((entry) => (entry.audit as AuditRow).type)).toEqual([
      'saml_login_started',
      'saml_login_succeeded',
      'code_exchanged',
    ]);
  });

  it('deletes events older than AUDIT_RETENTION_DAYS (90 by default)', async () => {
    await api.db.query('DELETE FROM audit_events');
    const now = new Date();
    const daysAgo = (days: number): Date => new Date(now.getTime() - days * DAY_MS);
    await api.db.query(
      `INSERT INTO audit_events (occurred_at, type) VALUES ($1, 'logout'), ($2, 'logout')`,
      [daysAgo(91), daysAgo(89)],
    );
    expect(await api.app.get(AuditRetentionCleaner).removeExpired(now)).toBe(1);
    const left = await api.db.query<{ occurredAt: Date }>(
      'SELECT occurred_at AS "occurredAt" FROM audit_events',
    );
    expect(left.map((row) => row.occurredAt.getTime())).toEqual([daysAgo(89).getTime()]);
  });
});
