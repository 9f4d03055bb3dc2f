import { IdpMetadataError } from './idp-metadata';

/** Okta's metadata is a few KiB; a document this large is not IdP metadata. */
export const IDP_METADATA_MAX_BYTES = 1024 * 1024;

/** Enough for a path that gained or lost a trailing slash, or moved on the same host. */
const MAX_REDIRECTS = 3;

export interface MetadataFetchLimits {
  /** For the whole fetch: every redirect, the headers and the body. */
  timeoutMs: number;
  maxBytes: number;
}

/**
 * GETs an IdP metadata document with node's fetch, bounded in time and size. Only 200 answers
 * count. Redirects are followed within the URL's own origin only: the document names the keys
 * we trust, so a redirect to another host would move that trust somewhere nobody configured.
 */
export async function fetchIdpMetadata(url: string, limits: MetadataFetchLimits): Promise<string> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    const response = await followSameOrigin(new URL(url), signal);
    return await readBounded(response, limits.maxBytes);
  } catch (error) {
    if (error instanceof IdpMetadataError) {
      throw error;
    }
    if (signal.aborted) {
      throw new IdpMetadataError(`did not answer within ${limits.timeoutMs} ms`);
    }
    throw new IdpMetadataError(`could not be reached (${networkCode(error)})`);
  }
}

async function followSameOrigin(start: URL, signal: AbortSignal): Promise<Response> {
  let target = start;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
    const response = await fetch(target, {
      signal,
      redirect: 'manual',
      headers: { accept: 'application/samlmetadata+xml, application/xml, text/xml' },
    });
    if (!isRedirect(response.status)) {
      return okOrThrow(response);
    }
    await response.body?.cancel();
    target = new URL(response.headers.get('location') ?? '', target);
    if (target.origin !== start.origin) {
      throw new IdpMetadataError(`redirects to another origin (${target.origin})`);
    }
  }
  throw new IdpMetadataError(`redirects more than ${MAX_REDIRECTS} times`);
}

async function okOrThrow(response: Response): Promise<Response> {
  if (response.status === 200) {
    return response;
  }
  await response.body?.cancel();
  throw new IdpMetadataError(`answered HTTP ${response.status}`);
}

/** Stops reading, and drops the connection, as soon as the body passes the limit. */
async function readBounded(response: Response, maxBytes: number): Promise<string> {
  const tooLarge = new IdpMetadataError(`is larger than ${maxBytes} bytes`);
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body?.cancel();
    throw tooLarge;
  }
  if (!response.body) {
    return '';
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  // A fetch body yields bytes. Leaving the loop early cancels the stream, closing the socket.
  const body: AsyncIterable<Uint8Array> = response.body;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      throw tooLarge;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function isRedirect(status: number): boolean {
  return [301, 302, 303, 307, 308].includes(status);
}

/**
 * ECONNREFUSED, ENOTFOUND, a TLS error code…: undici puts the system error in `cause`. Read by
 * shape, since errors from another realm (a test sandbox) fail `instanceof Error`.
 */
function networkCode(error: unknown): string {
  const cause = field(error, 'cause');
  const code = field(cause, 'code') ?? field(cause, 'message');
  return typeof code === 'string' ? code : 'network error';
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && name in value
    ? (value as Record<string, unknown>)[name]
    : undefined;
}
