import { QueryRunnerProviderAlreadyReleasedError } from 'typeorm';

/** What a client should wait before retrying while the database is out of reach. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * SQLSTATE classes that mean "no usable connection" rather than a bad statement: 08 is
 * connection exception, 57P01–57P03 are the server shutting down or not yet accepting, 53300
 * is too many connections, 57014 a statement cancelled, which for us is always the
 * `statement_timeout` of an overloaded or stuck server (PostgreSQL manual, appendix A).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-3]|57014|53300)$/;

/** Socket-level failures Node reports when the server is down or the link is cut. */
const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * node-postgres reports a lost or unobtainable connection by message only: a socket that closed
 * under a query, a pool that waited `connectionTimeoutMillis` in vain, a server that did not
 * answer within `query_timeout`, or a client it already marked broken or closed.
 */
const UNAVAILABLE_MESSAGE = new RegExp(
  [
    'Connection terminated',
    'timeout exceeded when trying to connect',
    'Query read timeout',
    'connection error and is not queryable',
    'Client was closed and is not queryable',
  ].join('|'),
  'i',
);

/** How deep to follow `driverError`, `cause` and `errors` before giving up. */
const MAX_DEPTH = 4;

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/**
 * True when an error means the database cannot be reached right now, which is worth a retry,
 * as opposed to a failure of the request itself. TypeORM wraps pg's error in `QueryFailedError`
 * (`driverError`); Node wraps a refused connection to several addresses in an `AggregateError`.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > MAX_DEPTH) {
    return false;
  }
  // TypeORM releases a transaction's query runner when its connection reports an error (the
  // server went away mid-transaction); the transaction's next statement then throws this.
  if (error instanceof QueryRunnerProviderAlreadyReleasedError) {
    return true;
  }
  const { code, message, driverError, cause, errors } = error as ErrorLike;
  if (
    typeof code === 'string' &&
    (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_SOCKET_CODES.has(code))
  ) {
    return true;
  }
  if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) {
    return true;
  }
  const nested: unknown[] = [
    driverError,
    cause,
    ...(Array.isArray(errors) ? (errors as unknown[]) : []),
  ];
  return nested.some((inner) => isDatabaseUnavailable(inner, depth + 1));
}

/** The error code alone, for the log line: messages can name hosts, users or databases. */
export function databaseErrorCode(error: unknown): string | undefined {
  const { code, driverError } = (error ?? {}) as ErrorLike;
  if (typeof code === 'string') {
    return code;
  }
  return driverError === undefined ? undefined : databaseErrorCode(driverError);
}
