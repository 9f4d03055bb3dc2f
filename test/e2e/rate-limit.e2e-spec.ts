import { expectProblem } from '../support/acs-expectations';
import { ApiHarness, startApi, TEST_FRONTEND } from '../support/api-harness';
import { postToken, signIn } from '../support/saml-flow';
import { postLogout } from '../support/token-flow';

const LIMIT = 3;

describe('rate limits on the sign-in endpoints', () => {
  let api: ApiHarness;

  /** `count` requests, one after the other. */
  async function hammer(count: number, send: () => Promise<Response>): Promise<Response[]> {
    const responses: Response[] = [];
    for (let i = 0; i < count; i += 1) {
      responses.push(await send());
    }
    return responses;
  }

  async function expectThrottled(response: Response): Promise<void> {
    const problem = await expectProblem(response, 429);
    expect(problem.title).toBe('Too Many Requests');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(response.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  }

  beforeAll(async () => {
    api = await startApi({ env: { AUTH_RATE_LIMIT_PER_MINUTE: String(LIMIT) } });
  });

  afterAll(async () => {
    await api.close();
  });

  it('answers 429 with Retry-After past AUTH_RATE_LIMIT_PER_MINUTE on login', async () => {
    const login = `${api.url}/auth/saml/login?redirect_uri=${encodeURIComponent(TEST_FRONTEND)}`;
    // Without TRUST_PROXY, a made-up X-Forwarded-For does not make a client someone else.
    let n = 0;
    const spoofed = (): RequestInit => ({
      redirect: 'manual',
      headers: { 'x-forwarded-for': `198.51.100.${(n += 1)}` },
    });
    const responses = await hammer(LIMIT + 1, () => fetch(login, spoofed()));
    expect(responses.slice(0, LIMIT).map((response) => response.status)).toEqual([400, 400, 400]);
    await expectThrottled(responses[LIMIT]);
  });

  it('refuses at the ACS before looking at the document', async () => {
    const post = (): Promise<Response> =>
      fetch(`${api.url}/auth/saml/acs`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'SAMLResponse=bm90IHhtbA',
      });
    const responses = await hammer(LIMIT + 1, post);
    expect(responses.slice(0, LIMIT).map((response) => response.status)).toEqual([400, 400, 400]);
    await expectThrottled(responses[LIMIT]);
  });

  it('limits the single logout service, POST binding included, before anything else', async () => {
    // Single logout is off here (404): the limit applies before the handler looks at anything.
    const post = (): Promise<Response> =>
      fetch(`${api.url}/auth/saml/slo`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'SAMLRequest=bm90IHhtbA',
      });
    const responses = await hammer(LIMIT + 1, post);
    expect(responses.slice(0, LIMIT).map((response) => response.status)).toEqual([404, 404, 404]);
    await expectThrottled(responses[LIMIT]);
  });

  it('answers the token endpoint with a problem, not an OAuth error', async () => {
    const bad = { grant_type: 'refresh_token', refresh_token: 'unknown' };
    const responses = await hammer(LIMIT + 1, () => postToken(api, bad));
    expect(responses.slice(0, LIMIT).map((response) => response.status)).toEqual([400, 400, 400]);
    await expectThrottled(responses[LIMIT]);
  });

  it('limits logout too, and leaves the other routes alone', async () => {
    const fresh = await startApi({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '1' } });
    try {
      const { access_token: accessToken } = await signIn(fresh);
      expect((await postLogout(fresh, accessToken, { all: true })).status).toBe(204);
      await expectThrottled(await postLogout(fresh, accessToken, { all: true }));
      const others = await hammer(3, () => fetch(`${fresh.url}/auth/saml/metadata`));
      expect(others.map((response) => response.status)).toEqual([200, 200, 200]);
      expect((await fetch(`${fresh.url}/health`)).status).toBe(200);
    } finally {
      await fresh.close();
    }
  });
});
