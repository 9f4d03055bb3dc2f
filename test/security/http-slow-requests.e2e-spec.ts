import { Server } from 'node:http';
import { expect } from '@jest/globals';
import { ApiHarness, startApi } from '../support/api-harness';

/**
 * Slow-body attacks (slowloris, R.U.D.Y.): headers, a Content-Length, then the body a byte at a
 * time or never. Fastify's default request timeout is 0, none at all; on the Express platform
 * Node's own 5 minutes applied. Measured before the fix: a POST /auth/token that announced 100
 * bytes and sent 5 kept its connection for the whole 130 s the probe waited. Waiting for Node's
 * 30-second connection check would make this suite slow, so it reads the timeouts the listening
 * server enforces instead: both set, and within a minute.
 */
describe('slow requests', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  it('bounds the time a request may take to arrive, headers and body', () => {
    const server: Server = api.app.getHttpServer();
    expect(server.requestTimeout).toBeGreaterThan(0);
    expect(server.requestTimeout).toBeLessThanOrEqual(60_000);
    expect(server.headersTimeout).toBeGreaterThan(0);
    expect(server.headersTimeout).toBeLessThanOrEqual(60_000);
  });

  it('still answers a request whose body arrives in parts within the limit', async () => {
    const body = JSON.stringify({ grant_type: 'refresh_token', refresh_token: 'unknown' });
    const parts = [body.slice(0, 10), body.slice(10)];
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(new TextEncoder().encode(parts[0]));
        await new Promise((resolve) => setTimeout(resolve, 300));
        controller.enqueue(new TextEncoder().encode(parts[1]));
        controller.close();
      },
    });
    const response = await fetch(`${api.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_grant');
  });
});
