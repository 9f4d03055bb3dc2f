import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * The request's correlation id, taken from `X-Request-Id` when the caller sent a sane one, and
 * echoed in the response header.
 */
export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const header = req.headers['x-request-id'];
  const id = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/**
 * Assigns the id before the body parsers run. Nest mounts pino-http's middleware after them, so
 * without this a rejected body (413, malformed JSON) would reach the error filter with no id
 * to answer with; pino-http keeps an id it finds on the request.
 */
export function assignRequestId(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  req.id = requestIdFor(req, res);
  next();
}
