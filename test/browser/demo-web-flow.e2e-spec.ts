import { Browser, BrowserContext, Page } from 'playwright-core';
import { DemoWeb, startDemoWeb } from '../../apps/demo-web/src';
import {
  DEMO_STORAGE,
  launchChromium,
  readSessionStorage,
  unusedLoopbackUrl,
} from './browser-test-helpers';
import { FAKE_PROFILE, FakeApi } from './fake-api-routes';

/**
 * The page's whole flow against a fake API answered inside the browser: the page's side of
 * the contract, checked without a backend. demo-web.e2e-spec.ts runs the same clicks against
 * the real API and the dev IdP.
 */
describe('demo-web flow (browser, fake API)', () => {
  let browser: Browser;
  let demoWeb: DemoWeb;
  let apiUrl: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    apiUrl = await unusedLoopbackUrl();
    demoWeb = await startDemoWeb({ host: '127.0.0.1', port: 0, apiUrl });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await demoWeb?.close();
  });

  async function openWithFakeApi(expiresIn?: number): Promise<FakeApi> {
    const api = new FakeApi(apiUrl, demoWeb.url, expiresIn);
    context = await browser.newContext();
    await api.install(context);
    page = await context.newPage();
    await page.goto(demoWeb.url);
    return api;
  }

  afterEach(async () => {
    await context?.close();
  });

  it('signs in, shows the profile, refreshes, survives a reload and signs out', async () => {
    const api = await openWithFakeApi();

    await page.getByTestId('signin').click();
    await page.getByTestId('profile-email').filter({ hasText: FAKE_PROFILE.email }).waitFor();
    expect(await page.getByTestId('profile-name').textContent()).toBe('Ada Lovelace');
    expect(await page.getByTestId('profile-groups').textContent()).toBe('Everyone, Admins');
    expect(await page.getByTestId('token-expiry').textContent()).toMatch(/^expires at /);
    expect(page.url()).toBe(`${demoWeb.url}/`);

    await page.getByTestId('refresh').click();
    await page.getByTestId('token-status').filter({ hasText: 'refreshed at' }).waitFor();
    expect(await readSessionStorage(page, DEMO_STORAGE.refreshToken)).toBe('refresh-2');

    await page.reload();
    await page.getByTestId('profile-email').filter({ hasText: FAKE_PROFILE.email }).waitFor();

    await page.getByTestId('signout').click();
    await page.getByTestId('signed-out').waitFor();
    expect(api.logoutRequests).toEqual([
      { authorization: 'Bearer access-3', body: { refresh_token: 'refresh-3' } },
    ]);
    expect(await readSessionStorage(page, DEMO_STORAGE.refreshToken)).toBeNull();
    expect(await page.getByTestId('status').textContent()).toBe('');
  });

  it('refreshes on its own before the access token expires', async () => {
    const api = await openWithFakeApi(2);

    await page.getByTestId('signin').click();
    await page.getByTestId('token-status').filter({ hasText: 'refreshed at' }).waitFor();

    expect(api.tokenRequests.map((body) => body.grant_type)).toEqual([
      'authorization_code',
      'refresh_token',
    ]);
  });

  it('ends the session and says why when the refresh token is refused', async () => {
    await openWithFakeApi();
    await page.getByTestId('signin').click();
    await page.getByTestId('profile-email').waitFor();

    await page.evaluate(
      `sessionStorage.setItem(${JSON.stringify(DEMO_STORAGE.refreshToken)}, 'revoked')`,
    );
    await page.getByTestId('refresh').click();

    await page.getByTestId('status').filter({ hasText: '/auth/token answered 400' }).waitFor();
    await page.getByTestId('signin').waitFor();
  });
});
