import { HangSafeClient } from './hang-safe-client';

/** The per-instance database limits from the configuration. */
export interface DatabaseLimits {
  poolSize: number;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
}

/**
 * How much longer than `statement_timeout` the client waits for an answer. A live server cancels
 * a slow statement itself, cleanly (SQLSTATE 57014, the transaction aborted); only a server that
 * does not answer at all reaches the client-side limit.
 */
const READ_TIMEOUT_MARGIN_MS = 500;

/**
 * node-postgres pool settings (TypeORM's `extra`) that bound every wait on the database, so a
 * hung or unreachable server costs a request at most about connect + statement timeout.
 */
export function poolOptions(limits: DatabaseLimits): Record<string, unknown> {
  return {
    max: limits.poolSize,
    // Both the wait for a free pooled connection and the time to open a new one.
    connectionTimeoutMillis: limits.connectTimeoutMs,
    statement_timeout: limits.statementTimeoutMs,
    query_timeout: limits.statementTimeoutMs + READ_TIMEOUT_MARGIN_MS,
    Client: HangSafeClient,
  };
}
