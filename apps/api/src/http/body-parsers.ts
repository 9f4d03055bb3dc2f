import { parse as parseQueryString } from 'node:querystring';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MAX_JSON_NESTING, nestsDeeperThan } from './json-nesting';

/** Documented request body limits: the ACS form holds a base64 SAMLResponse (≤ 256 KiB XML). */
export const BODY_LIMITS = { json: 64 * 1024, form: 512 * 1024 } as const;

/**
 * Headers and body must arrive within this time. Fastify's default is no limit at all (Node's
 * own, which the Express platform kept, is 5 minutes): a client that sends headers and then a
 * byte now and then would hold its connection, and the request's memory, for ever. A minute
 * carries the largest ACS form over a slow mobile link; Node checks every 30 s.
 */
export const REQUEST_TIMEOUT_MS = 60_000;

/** A body the parser refused; the problem-details filter answers it without its content. */
export class BodyParseError extends Error {
  readonly statusCode = 400;

  constructor(readonly type: 'entity.parse.failed') {
    super('The request body could not be parsed.');
  }
}

/**
 * JSON and form bodies within their limits (a larger one is a 413 from the platform). Parse
 * errors carry no part of the body: a JSON syntax error's message quotes it, and the body may
 * hold a code or a refresh token.
 */
export function registerBodyParsers(app: NestFastifyApplication): void {
  app.useBodyParser('application/json', { bodyLimit: BODY_LIMITS.json }, (_req, body, done) => {
    const text = body.toString('utf8');
    // Deep nesting would overflow the validation pipe's recursion: a 500 for a few KiB.
    if (nestsDeeperThan(text, MAX_JSON_NESTING)) {
      done(new BodyParseError('entity.parse.failed'), undefined);
      return;
    }
    try {
      done(null, text.length === 0 ? {} : (JSON.parse(text) as unknown));
    } catch {
      done(new BodyParseError('entity.parse.failed'), undefined);
    }
  });
  app.useBodyParser(
    'application/x-www-form-urlencoded',
    { bodyLimit: BODY_LIMITS.form },
    (_req, body, done) => {
      // A plain object (never one with a prototype to poison); repeated keys become arrays.
      done(null, { ...parseQueryString(body.toString('utf8')) });
    },
  );
}
