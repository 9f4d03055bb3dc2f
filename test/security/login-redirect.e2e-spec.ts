import { createHash, randomBytes } from 'node:crypto';
import { ApiHarness, startApi, TEST_FRONTEND } from '../support/api-harness';
import { expectProblem } from '../support/acs-expectations';

const CALLBACK = new URL(TEST_FRONTEND);
const HOST = CALLBACK.host;

/**
 * redirect_uri values that are not, character for character, the one on the allowlist
 * (`http://127.0.0.1:5999/callback`). Several would pass a prefix, pattern or parsed-URL check.
 */
const NOT_ALLOWLISTED: [string, string][] = [
  ['another host', `http://127.0.0.2:${CALLBACK.port}/callback`],
  ['another host by name', 'http://evil.example/callback'],
  ['a scheme-relative URL', '//evil.example/callback'],
  ['a scheme-relative URL to our own frontend', `//${HOST}/callback`],
  ['userinfo that looks like our host', `http://${HOST}@evil.example/callback`],
  ['userinfo in front of our host', `http://evil.example@${HOST}/callback`],
  ['our host as the start of another', `http://${HOST}.evil.example/callback`],
  ['our host name as a suffix', 'http://127.0.0.1.evil.example:5999/callback'],
  ['another port', `http://${CALLBACK.hostname}:5998/callback`],
  ['no port', `http://${CALLBACK.hostname}/callback`],
  ['another scheme', `https://${HOST}/callback`],
  ['javascript:', `javascript:alert(document.domain)//${TEST_FRONTEND}`],
  ['data:', 'data:text/html,<script>alert(1)</script>'],
  ['a trailing slash', `${TEST_FRONTEND}/`],
  ['an extra path segment', `${TEST_FRONTEND}/more`],
  ['a dot segment that resolves to it', `http://${HOST}/x/../callback`],
  ['a query string', `${TEST_FRONTEND}?next=http://evil.example`],
  ['a fragment', `${TEST_FRONTEND}#fragment`],
  ['an upper-case scheme and host', TEST_FRONTEND.toUpperCase()],
  ['another case in the path', `http://${HOST}/Callback`],
  ['a percent-encoded path', `http://${HOST}/%63allback`],
  ['the whole URL percent-encoded', encodeURIComponent(TEST_FRONTEND)],
  ['a backslash before userinfo', `http://${HOST}\\@evil.example/callback`],
  ['backslashes for slashes', 'http:\\\\evil.example\\callback'],
  ['localhost for 127.0.0.1', `http://localhost:${CALLBACK.port}/callback`],
  ['the IP as a number', `http://2130706433:${CALLBACK.port}/callback`],
  ['a trailing dot on the host', `http://${CALLBACK.hostname}.:${CALLBACK.port}/callback`],
  ['leading whitespace', ` ${TEST_FRONTEND}`],
  ['a trailing newline', `${TEST_FRONTEND}\n`],
  ['a tab inside', `http://${HOST}/call\tback`],
  ['a NUL byte', `${TEST_FRONTEND}\u0000`],
];

describe('login start: redirect_uri and RelayState', () => {
  let api: ApiHarness;
  const challenge = createHash('sha256').update(randomBytes(32)).digest('base64url');

  const loginRequests = async (): Promise<number> =>
    (await api.db.query<{ n: number }>('SELECT count(*)::int AS n FROM login_requests'))[0].n;
  const startWith = (params: [string, string][]): Promise<Response> =>
    fetch(`${api.url}/auth/saml/login?${new URLSearchParams(params).toString()}`, {
      redirect: 'manual',
    });
  const start = (redirectUri: string, state = 'xyz'): Promise<Response> =>
    startWith([
      ['redirect_uri', redirectUri],
      ['state', state],
      ['code_challenge', challenge],
      ['code_challenge_method', 'S256'],
    ]);

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  it('redirects to the IdP for the allowlisted redirect_uri exactly', async () => {
    const response = await start(TEST_FRONTEND);

    expect(response.status).toBe(302);
    expect(new URL(response.headers.get('location') ?? '').origin).toBe(
      new URL(api.env.SAML_IDP_SSO_URL).origin,
    );
  });

  it.each(NOT_ALLOWLISTED)(
    'refuses %s with 400, no redirect, nothing stored',
    async (_label, uri) => {
      const before = await loginRequests();

      await expectProblem(await start(uri), 400);
      expect(await loginRequests()).toBe(before);
    },
  );

  it('refuses a second redirect_uri next to the allowlisted one', async () => {
    const twice = await startWith([
      ['redirect_uri', TEST_FRONTEND],
      ['redirect_uri', 'http://evil.example/callback'],
      ['code_challenge', challenge],
    ]);

    await expectProblem(twice, 400);
  });

  it('sends a RelayState that is short, random and says nothing of the request', async () => {
    const state = `${TEST_FRONTEND}|${'s'.repeat(400)}`;
    const relayStates = await Promise.all(
      [1, 2].map(async () => {
        const location = new URL((await start(TEST_FRONTEND, state)).headers.get('location') ?? '');
        return location.searchParams.get('RelayState') ?? '';
      }),
    );

    for (const relayState of relayStates) {
      // SAML bindings §3.4.3 and §3.5.3: at most 80 bytes, and integrity-protected or opaque.
      expect(relayState).toMatch(/^[A-Za-z0-9_-]{32,64}$/);
      const decoded = Buffer.from(relayState, 'base64url').toString('latin1');
      for (const secret of [
        TEST_FRONTEND,
        HOST,
        'callback',
        'ssss',
        challenge,
        encodeURIComponent(TEST_FRONTEND),
      ]) {
        expect(relayState).not.toContain(secret);
        expect(decoded).not.toContain(secret);
      }
    }
    expect(relayStates[0]).not.toBe(relayStates[1]);
  });
});
