import { Browser, Page } from 'playwright-core';
import { startTestStack, TestStack } from '../support/test-stack';
import { DEMO_STORAGE, launchChromium, readSessionStorage } from './browser-test-helpers';

// The stack starts Postgres, runs migrations and boots three servers.
const STACK_START_TIMEOUT_MS = 180_000;
const FLOW_TIMEOUT_MS = 60_000;

/**
 * What a person does: open the demo, sign in at the dev IdP as Ada, see the profile, refresh
 * the tokens and sign out, with the real API, a real signed SAML response and Postgres.
 */
describe('demo-web sign-in through the dev IdP (browser, full stack)', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    stack = await startTestStack();
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, STACK_START_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it(
    'signs Ada in, shows her profile, refreshes the tokens and signs her out',
    async () => {
      await page.goto(stack.webUrl);
      await page.getByTestId('signin').click();
      await page.waitForURL((url) => url.href.startsWith(stack.idpUrl));
      await page.getByTestId('signin-ada').click();

      await page.getByTestId('profile-email').filter({ hasText: 'ada@example.com' }).waitFor();
      expect(await page.getByTestId('profile-name').textContent()).toBe('Ada Lovelace');
      expect(await page.getByTestId('profile-groups').textContent()).toMatch(/Everyone.*Admins/);
      expect(page.url()).toBe(`${stack.webUrl}/`);

      await page.getByTestId('refresh').click();
      await page.getByTestId('token-status').filter({ hasText: 'refreshed at' }).waitFor();

      const lastRefreshToken = await readSessionStorage(page, DEMO_STORAGE.refreshToken);
      await page.getByTestId('signout').click();
      await page.getByTestId('signed-out').waitFor();

      expect(await page.getByTestId('status').textContent()).toBe('');
      expect(pageErrors).toEqual([]);
      await expectRefreshTokenRevoked(stack.apiUrl, lastRefreshToken);
    },
    FLOW_TIMEOUT_MS,
  );
});

/** Sign-out must end the session at the API, not only forget the tokens in the page. */
async function expectRefreshTokenRevoked(
  apiUrl: string,
  refreshToken: string | null,
): Promise<void> {
  expect(refreshToken).toBeTruthy();

  const response = await fetch(`${apiUrl}/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  });

  expect(response.status).toBe(400);
  expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
}
