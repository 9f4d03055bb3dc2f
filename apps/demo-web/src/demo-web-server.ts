import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { normalizeApiUrl } from './demo-web-config';
import { loadStaticAssets, StaticAsset } from './static-assets';

export interface DemoWebOptions {
  host: string;
  /** 0 picks a free port; the chosen one is in the returned `url`. */
  port: number;
  apiUrl: string;
}

export interface DemoWeb {
  url: string;
  close(): Promise<void>;
}

/** Starts the demo frontend: a static single page that talks to the API at `apiUrl`. */
export async function startDemoWeb(options: DemoWebOptions): Promise<DemoWeb> {
  const apiUrl = normalizeApiUrl(options.apiUrl);
  const routes = buildRoutes(await loadStaticAssets(), apiUrl);
  const headers = buildSecurityHeaders(new URL(apiUrl).origin);

  const server = createServer((req, res) => handleRequest(req, res, routes, headers));
  await listen(server, options.host, options.port);

  return { url: serverUrl(server.address() as AddressInfo), close: () => closeServer(server) };
}

function buildRoutes(assets: Map<string, StaticAsset>, apiUrl: string): Map<string, StaticAsset> {
  const routes = new Map(assets);
  const index = assets.get('/index.html');
  if (!index) {
    throw new Error('demo-web public files lack index.html');
  }

  // One page serves both the start and the callback; the script looks at the path.
  routes.set('/', index);
  routes.set('/callback', index);
  routes.set('/config.js', {
    contentType: 'text/javascript; charset=utf-8',
    body: Buffer.from(`window.DEMO_CONFIG = ${JSON.stringify({ apiUrl })};\n`),
  });
  return routes;
}

function buildSecurityHeaders(apiOrigin: string): Record<string, string> {
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    `connect-src ${apiOrigin}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');

  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    // The callback URL carries the one-time code until the page strips it; send it nowhere.
    'Referrer-Policy': 'no-referrer',
    // config.js differs per start, and a stale page against a restarted API only confuses.
    'Cache-Control': 'no-store',
  };
}

function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  routes: Map<string, StaticAsset>,
  headers: Record<string, string>,
): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'Method Not Allowed', { ...headers, Allow: 'GET, HEAD' });
    return;
  }

  // An exact match on the raw path: no decoding or joining, so `..` can never reach a file.
  const path = (req.url ?? '/').split('?')[0];
  const asset = routes.get(path);
  if (!asset) {
    sendText(res, 404, 'Not Found', headers);
    return;
  }

  res.writeHead(200, {
    ...headers,
    'Content-Type': asset.contentType,
    'Content-Length': asset.body.length,
  });
  res.end(req.method === 'HEAD' ? undefined : asset.body);
}

function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string>,
): void {
  const body = Buffer.from(`${text}\n`);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': body.length,
  });
  res.end(body);
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function serverUrl(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Browsers keep connections alive; without this, close waits for them to time out.
    server.closeAllConnections();
  });
}
