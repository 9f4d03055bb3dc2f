import { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { DemoWeb, startDemoWeb } from '../../apps/demo-web/src';
import {
  DEMO_STORAGE,
  launchChromium,
  readSessionStorage,
  s256,
  unusedLoopbackUrl,
} from './browser-test-helpers';

/**
 * The page alone, without the API: every request to the API origin is intercepted, so what
 * is checked is exactly what the page would send.
 */
describe('demo-web PKCE (browser, no API)', () => {
  let browser: Browser;
  let demoWeb: DemoWeb;
  let apiUrl: string;
  let context: BrowserContext;
  let page: Page;
  let apiRequests: URL[];

  beforeAll(async () => {
    apiUrl = await unusedLoopbackUrl();
    demoWeb = await startDemoWeb({ host: '127.0.0.1', port: 0, apiUrl });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await demoWeb?.close();
  });

  beforeEach(async () => {
    apiRequests = [];
    context = await browser.newContext();
    page = await context.newPage();

    // A 204 answer to a navigation leaves the browser on the current page, so the page's
    // sessionStorage can be read right after the login redirect was attempted.
    await page.route(`${apiUrl}/**`, async (route: Route) => {
      apiRequests.push(new URL(route.request().url()));
      await route.fulfill({ status: 204 });
    });
  });

  afterEach(async () => {
    await context.close();
  });

  async function clickSignIn(): Promise<URL> {
    const [login] = await Promise.all([
      page.waitForRequest((request) => request.url().startsWith(`${apiUrl}/auth/saml/login`)),
      page.getByTestId('signin').click(),
    ]);
    return new URL(login.url());
  }

  it('sends the S256 challenge of the stored verifier, the callback URL and a state', async () => {
    await page.goto(demoWeb.url);

    const login = await clickSignIn();
    const verifier = await readSessionStorage(page, DEMO_STORAGE.verifier);
    const state = await readSessionStorage(page, DEMO_STORAGE.state);

    expect(`${login.origin}${login.pathname}`).toBe(`${apiUrl}/auth/saml/login`);
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(login.searchParams.get('code_challenge')).toBe(s256(verifier ?? ''));
    expect(login.searchParams.get('code_challenge_method')).toBe('S256');
    expect(login.searchParams.get('redirect_uri')).toBe(`${demoWeb.url}/callback`);
    expect(state).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(login.searchParams.get('state')).toBe(state);
  });

  it('starts every sign-in with a new verifier and state', async () => {
    await page.goto(demoWeb.url);

    const first = await clickSignIn();
    const second = await clickSignIn();

    expect(second.searchParams.get('code_challenge')).not.toBe(
      first.searchParams.get('code_challenge'),
    );
    expect(second.searchParams.get('state')).not.toBe(first.searchParams.get('state'));
  });

  it('refuses a callback whose state it did not issue, without redeeming the code', async () => {
    await page.goto(demoWeb.url);
    await clickSignIn();

    await page.goto(`${demoWeb.url}/callback?code=stolen&state=forged`);

    await page.getByTestId('status').filter({ hasText: 'state mismatch' }).waitFor();
    expect(apiRequests.filter((url) => url.pathname === '/auth/token')).toHaveLength(0);
    expect(new URL(page.url()).search).toBe('');
  });

  it('shows the error the API sent back to the callback', async () => {
    await page.goto(demoWeb.url);
    await clickSignIn();
    const state = (await readSessionStorage(page, DEMO_STORAGE.state)) ?? '';
    const query = new URLSearchParams({
      error: 'access_denied',
      error_description: 'The identity provider refused the sign-in',
      state,
    });

    await page.goto(`${demoWeb.url}/callback?${query.toString()}`);

    await page.getByTestId('status').filter({ hasText: 'refused the sign-in' }).waitFor();
    await page.getByTestId('signin').waitFor();
  });
});
