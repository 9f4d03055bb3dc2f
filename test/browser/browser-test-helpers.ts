import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { Browser, chromium, Page } from 'playwright-core';

const CHROMIUM_PATH = '/usr/bin/chromium';

/** The sessionStorage keys that apps/demo-web/public/app.js uses. */
export const DEMO_STORAGE = {
  verifier: 'demo-web.pkce-verifier',
  state: 'demo-web.state',
  refreshToken: 'demo-web.refresh-token',
} as const;

/**
 * Debian's chromium, not a browser build of playwright's own: the tests run where only the
 * distribution's packages can be installed. Each launch gets a fresh, empty profile; the
 * flags keep the browser from reaching for anything but the pages under test.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: run "npm run browser:install" first`);
  }

  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Reads the page's sessionStorage. Sent as source text because tsc here knows no DOM. */
export function readSessionStorage(page: Page, key: string): Promise<string | null> {
  return page.evaluate<string | null>(`sessionStorage.getItem(${JSON.stringify(key)})`);
}

/** The PKCE S256 transform (RFC 7636 section 4.2), computed independently of the page. */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/**
 * A loopback URL where nothing listens, to stand in for the API when every request to it
 * is answered by `page.route`: should interception ever miss, the request fails at once
 * instead of reaching anything else.
 */
export async function unusedLoopbackUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));

  if (address === null || typeof address === 'string') {
    throw new Error('could not reserve a loopback port');
  }
  return `http://127.0.0.1:${address.port}`;
}
