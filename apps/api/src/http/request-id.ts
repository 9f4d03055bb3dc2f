import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * The request's correlation id: `X-Request-Id` when the caller sent a sane one, a fresh UUID
 * otherwise. The platform calls this once per request, before anything can fail.
 */
export function requestIdFor(req: IncomingMessage): string {
  const header = req.headers['x-request-id'];
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

/** The id the platform assigned to the request (with `requestIdFor`, so always a string). */
export function assignedRequestId(req: IncomingMessage): string {
  const id: unknown = req.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : '';
}

/** Echoes the id in the response, before a body parser or a guard can refuse the request. */
export function echoRequestId(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  res.setHeader('X-Request-Id', assignedRequestId(req));
  next();
}
