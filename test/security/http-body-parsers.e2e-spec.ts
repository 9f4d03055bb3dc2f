import { expect } from '@jest/globals';
import { ApiHarness, startApi, TEST_FRONTEND } from '../support/api-harness';
import { LogCapture } from '../support/log-capture';
import { signIn } from '../support/saml-flow';
import { expectOAuthError } from '../support/token-flow';

/** `{"a":{"a":…1…}}`: a few bytes per level, so thousands of levels fit in the 64 KiB limit. */
function nestedObject(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

function nestedArray(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/**
 * Hostile JSON that the parser accepts as syntax. Every body of this API is flat, yet a
 * deeply nested value used to reach class-transformer (ValidationPipe), which recurses once
 * per level: the stack overflowed, the answer was a 500 and each request logged a stack trace
 * tens of kilobytes long. A few kilobytes of JSON, no credentials needed.
 */
describe('JSON bodies nested deeper than any request needs', () => {
  let api: ApiHarness;
  let accessToken: string;
  const logs = new LogCapture();

  beforeAll(async () => {
    api = await startApi({ env: { LOG_LEVEL: 'info' }, logDestination: logs });
    accessToken = (await signIn(api)).access_token;
  });

  afterAll(async () => {
    await api.close();
  });

  const post = (path: string, body: string, bearer = false): Promise<Response> =>
    fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(bearer ? { authorization: `Bearer ${accessToken}` } : {}),
      },
      body,
    });

  it.each([
    ['an object', nestedObject(5000)],
    ['an array', nestedArray(20000)],
  ])('token endpoint: %s 5000+ levels deep is an RFC 6749 invalid_request', async (_, deep) => {
    const body = `{"grant_type":"refresh_token","refresh_token":${deep}}`;
    expect(body.length).toBeLessThan(64 * 1024);
    const response = await post('/auth/token', body);
    await expectOAuthError(response, 'invalid_request');
  });

  it.each([
    ['/auth/logout', `{"refresh_token":${nestedObject(5000)}}`],
    ['/auth/saml/logout', `{"refresh_token":${nestedObject(5000)},"redirect_uri":"x"}`],
  ])('%s: a deeply nested body is a 400 problem, not a 500', async (path, body) => {
    const response = await post(path, body, true);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await response.json()) as Record<string, unknown>;
    expect(problem.detail).toBe('The request body could not be parsed.');
  });

  it('logs no unhandled error for any of them', () => {
    expect(logs.events()).not.toContain('unhandled_error');
    expect(logs.lines.every((line) => line.length < 4096)).toBe(true);
  });

  it('still takes the nesting real bodies have', async () => {
    const response = await post(
      '/auth/saml/logout',
      JSON.stringify({ refresh_token: 'unknown', redirect_uri: TEST_FRONTEND, state: 's' }),
      true,
    );
    expect(response.status).toBe(200);
  });
});

describe('unknown paths', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  it('answer 404 naming the path but never repeating the query', async () => {
    const response = await fetch(`${api.url}/nothing-here?code=SECRET-CODE-123&state=s`);
    const body = await response.text();

    expect(response.status).toBe(404);
    expect(body).toContain('/nothing-here');
    expect(body).not.toContain('SECRET-CODE-123');
  });
});
