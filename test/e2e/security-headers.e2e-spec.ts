import { expect } from '@jest/globals';
import { Browser } from 'playwright-core';
import { launchChromium } from '../browser/browser-test-helpers';
import { ApiHarness, startApi } from '../support/api-harness';
import { controllerRoutes } from '../support/served-routes';

// Chromium's first start on a cold machine can take a while.
const BROWSER_TIMEOUT_MS = 60_000;

describe('security headers', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  it('sends helmet headers, with a policy that loads nothing, on the API', async () => {
    const response = await fetch(`${api.url}/health`);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-security-policy':
        "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'",
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'strict-transport-security': expect.stringContaining('max-age='),
      'cross-origin-opener-policy': 'same-origin',
    });
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('keeps them on errors and redirects', async () => {
    const missing = await fetch(`${api.url}/nowhere`);
    expect(missing.headers.get('content-security-policy')).toContain("default-src 'none'");
    const login = await fetch(`${api.url}/auth/saml/login?redirect_uri=x`, { redirect: 'manual' });
    expect(login.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it(
    'lets the OpenAPI page render under its own policy, loading nothing from elsewhere',
    async () => {
      let browser: Browser | undefined;
      try {
        browser = await launchChromium();
        const page = await browser.newPage();
        const problems: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error') {
            problems.push(message.text());
          }
        });
        page.on('pageerror', (error) => problems.push(error.message));
        // Anything not from the API under test is refused before it leaves the browser.
        await page.route('**/*', (route) =>
          route.request().url().startsWith(api.url) ? route.continue() : route.abort(),
        );

        const response = await page.goto(`${api.url}/docs`);
        expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
        await page.locator('.opblock').first().waitFor();
        const operations = await page.locator('.opblock').count();
        expect(operations).toBe(controllerRoutes(api).length);
        expect(await page.locator('.swagger-ui .info .title').textContent()).toContain(
          'SAML sign-in API',
        );
        expect(problems).toEqual([]);
      } finally {
        await browser?.close();
      }
    },
    BROWSER_TIMEOUT_MS,
  );
});
