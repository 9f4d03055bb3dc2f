import { UsageError } from './arguments';

export type CapturedFormat = 'XML' | 'base64' | 'form body' | 'URL-encoded base64';

export interface CapturedResponse {
  /** The SAMLResponse as the browser posts it to the ACS: base64 of the XML bytes. */
  samlResponse: string;
  format: CapturedFormat;
}

/**
 * Turns what an administrator copied into the posted SAMLResponse. Browser devtools offer the
 * form field decoded (base64), the raw form body (`SAMLResponse=…&RelayState=…`, URL-encoded)
 * or, through a SAML extension, the XML itself. Anything else goes to the inspector unchanged,
 * so it is refused there for the same reason the ACS would refuse it.
 */
export function readCapturedResponse(text: string): CapturedResponse {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed.length === 0) {
    throw new UsageError('the file is empty');
  }

  if (trimmed.startsWith('<')) {
    return { samlResponse: Buffer.from(trimmed, 'utf8').toString('base64'), format: 'XML' };
  }
  if (/(^|&)SAMLResponse=/.test(trimmed)) {
    const value = new URLSearchParams(trimmed).get('SAMLResponse') ?? '';
    return { samlResponse: value, format: 'form body' };
  }
  if (/%[0-9A-Fa-f]{2}/.test(trimmed)) {
    return { samlResponse: decodeUrlComponent(trimmed), format: 'URL-encoded base64' };
  }
  return { samlResponse: trimmed, format: 'base64' };
}

function decodeUrlComponent(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new UsageError('the file looks URL-encoded but does not decode');
  }
}

/**
 * The Response's IssueInstant as the document states it, before any verification: good for a
 * hint about `--at`, never for a decision.
 */
export function issueInstantOf(samlResponse: string): string | null {
  const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
  return /<(?:[\w.-]+:)?Response\b[^>]*?\sIssueInstant="([^"]+)"/.exec(xml)?.[1] ?? null;
}
