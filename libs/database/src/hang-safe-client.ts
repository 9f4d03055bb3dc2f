import { Client, ClientConfig } from 'pg';

/** node-postgres's message when `query_timeout` passes without an answer from the server. */
const READ_TIMEOUT_MESSAGE = 'Query read timeout';

type AnyQuery = (...args: unknown[]) => unknown;

/**
 * A pg client that closes its connection when a query times out on the client side.
 *
 * node-postgres answers such a query with an error but keeps the connection, with the statement
 * still sent and unanswered. Returned to the pool, it would hand the next request a session whose
 * earlier statement may still run once the server answers again, inside a transaction nobody
 * will end. Ending the client makes the pool discard it (pg-pool drops a client that is ending);
 * the server rolls back whatever that session had open when it reads the Terminate message.
 */
export class HangSafeClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    const query = this.query.bind(this) as AnyQuery;
    Object.defineProperty(this, 'query', {
      value: (...args: unknown[]): unknown => this.endOnTimeout(query(...args)),
    });
  }

  private endOnTimeout(result: unknown): unknown {
    if (result instanceof Promise) {
      result.catch((error: unknown) => {
        if (error instanceof Error && error.message === READ_TIMEOUT_MESSAGE) {
          // Not awaited: the server may be the thing that does not answer.
          this.end().catch(() => undefined);
        }
      });
    }
    return result;
  }
}
