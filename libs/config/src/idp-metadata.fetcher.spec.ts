import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { IdpMetadataError } from './idp-metadata';
import { fetchIdpMetadata, MetadataFetchLimits } from './idp-metadata.fetcher';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const LIMITS: MetadataFetchLimits = { timeoutMs: 2000, maxBytes: 4096 };
const DOCUMENT = '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"/>';

/** A loopback server on a port of its own. */
async function listen(handler: Handler): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
}

async function refusal(url: string, limits = LIMITS): Promise<string> {
  try {
    await fetchIdpMetadata(url, limits);
  } catch (error) {
    if (error instanceof IdpMetadataError) {
      return error.message;
    }
    throw error;
  }
  throw new Error('the fetch was expected to fail');
}

describe(fetchIdpMetadata.name, () => {
  let handler: Handler;
  let server: Server;
  let url: string;
  let other: { server: Server; url: string };
  let otherRequests = 0;

  beforeAll(async () => {
    ({ server, url } = await listen((request, response) => handler(request, response)));
    other = await listen((_request, response) => {
      otherRequests += 1;
      response.end(DOCUMENT);
    });
  });

  afterAll(async () => {
    await close(server);
    await close(other.server);
  });

  it('returns the body of a 200 answer', async () => {
    handler = (_request, response) => {
      response.setHeader('content-type', 'application/samlmetadata+xml');
      response.end(DOCUMENT);
    };
    await expect(fetchIdpMetadata(`${url}/metadata`, LIMITS)).resolves.toBe(DOCUMENT);
  });

  it.each([404, 500, 204])('refuses an HTTP %i answer', async (status) => {
    handler = (_request, response) => {
      response.statusCode = status;
      response.end(status === 204 ? undefined : 'nope');
    };
    expect(await refusal(url)).toBe(`answered HTTP ${status}`);
  });

  it('refuses a body over the limit that announces its length, without reading it', async () => {
    handler = (_request, response) => response.end('x'.repeat(LIMITS.maxBytes + 1));
    expect(await refusal(url)).toBe(`is larger than ${LIMITS.maxBytes} bytes`);
  });

  it('stops reading a streamed body as soon as it passes the limit', async () => {
    let written = 0;
    let closedEarly = false;
    handler = (_request, response) => {
      // Chunked, no length: the client can only tell by counting.
      const timer = setInterval(() => {
        written += 1024;
        response.write('x'.repeat(1024));
      }, 5);
      response.on('close', () => {
        clearInterval(timer);
        closedEarly = !response.writableFinished;
      });
    };
    expect(await refusal(url)).toBe(`is larger than ${LIMITS.maxBytes} bytes`);
    await new Promise((done) => setTimeout(done, 50));
    expect(closedEarly).toBe(true);
    expect(written).toBeLessThan(LIMITS.maxBytes * 4);
  });

  it('gives up when the server does not answer in time', async () => {
    handler = () => undefined;
    const started = Date.now();
    expect(await refusal(url, { ...LIMITS, timeoutMs: 200 })).toBe('did not answer within 200 ms');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('gives up when the body trickles in past the time limit', async () => {
    handler = (_request, response) => {
      response.write('<md:EntityDescriptor');
      // Never ended: headers arrived in time, the body does not.
    };
    expect(await refusal(url, { ...LIMITS, timeoutMs: 200 })).toBe('did not answer within 200 ms');
  });

  it('names the network error when nothing listens', async () => {
    const closed = await listen(() => undefined);
    await close(closed.server);
    expect(await refusal(closed.url)).toBe('could not be reached (ECONNREFUSED)');
  });

  it('follows a redirect on the same origin', async () => {
    handler = (request, response) => {
      if (request.url === '/old') {
        response.writeHead(301, { location: '/metadata' }).end();
        return;
      }
      response.end(DOCUMENT);
    };
    await expect(fetchIdpMetadata(`${url}/old`, LIMITS)).resolves.toBe(DOCUMENT);
  });

  it('refuses a redirect to another origin, naming it, and does not follow it', async () => {
    handler = (_request, response) => {
      response.writeHead(302, { location: `${other.url}/metadata` }).end();
    };
    expect(await refusal(url)).toBe(`redirects to another origin (${other.url})`);
    expect(otherRequests).toBe(0);
  });

  it('refuses a redirect loop', async () => {
    handler = (_request, response) => response.writeHead(302, { location: '/again' }).end();
    expect(await refusal(url)).toBe('redirects more than 3 times');
  });
});
