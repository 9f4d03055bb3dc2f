import { request } from 'node:http';
import { runInNewContext } from 'node:vm';
import { DemoWeb, startDemoWeb } from './index';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** node:http sends the path as written; fetch would resolve `..` before it left. */
function rawRequest(baseUrl: string, method: string, path: string): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);

  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, method, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe(startDemoWeb.name, () => {
  const apiUrl = 'http://127.0.0.1:3999/';
  let sut: DemoWeb;

  beforeAll(async () => {
    sut = await startDemoWeb({ host: '127.0.0.1', port: 0, apiUrl });
  });

  afterAll(async () => {
    await sut.close();
  });

  it('listens on the port it was given, picking a free one for 0', () => {
    expect(sut.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sut.url).not.toMatch(/:0$/);
  });

  it('serves the page at / and at /callback with its query', async () => {
    const index = await rawRequest(sut.url, 'GET', '/');
    const callback = await rawRequest(sut.url, 'GET', '/callback?code=abc&state=xyz');

    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.body).toContain('data-testid="signin"');
    expect(callback.status).toBe(200);
    expect(callback.body).toBe(index.body);
  });

  it('serves the script as JavaScript', async () => {
    const response = await rawRequest(sut.url, 'GET', '/app.js');

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.body).toContain('code_challenge_method');
  });

  it('sets window.DEMO_CONFIG.apiUrl in /config.js, without the trailing slash', async () => {
    const response = await rawRequest(sut.url, 'GET', '/config.js');
    const sandbox: { window: { DEMO_CONFIG?: { apiUrl: string } } } = { window: {} };

    runInNewContext(response.body, sandbox);

    expect(response.status).toBe(200);
    expect(sandbox.window.DEMO_CONFIG).toEqual({ apiUrl: 'http://127.0.0.1:3999' });
  });

  it('sends a CSP that lets the page call the API origin and nothing else', async () => {
    const response = await rawRequest(sut.url, 'GET', '/');
    const csp = String(response.headers['content-security-policy']);

    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('connect-src http://127.0.0.1:3999');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it.each(['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '//etc/passwd'])(
    'refuses %s',
    async (path) => {
      const response = await rawRequest(sut.url, 'GET', path);

      expect(response.status).toBe(404);
      expect(response.body).not.toContain('"name"');
    },
  );

  it('answers 404 for a path it does not serve, with the same headers', async () => {
    const response = await rawRequest(sut.url, 'GET', '/public/index.html');

    expect(response.status).toBe(404);
    expect(response.headers['content-security-policy']).toBeDefined();
  });

  it.each(['POST', 'PUT', 'DELETE', 'OPTIONS'])('refuses %s with 405', async (method) => {
    const response = await rawRequest(sut.url, method, '/');

    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD');
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const response = await rawRequest(sut.url, 'HEAD', '/app.js');

    expect(response.status).toBe(200);
    expect(Number(response.headers['content-length'])).toBeGreaterThan(0);
    expect(response.body).toBe('');
  });

  it('refuses to start with an API URL that is not http(s)', async () => {
    await expect(
      startDemoWeb({ host: '127.0.0.1', port: 0, apiUrl: 'javascript:alert(1)' }),
    ).rejects.toThrow(/http or https/);
  });
});
