import { QueryFailedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { databaseErrorCode, isDatabaseUnavailable } from './database-unavailable';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe(isDatabaseUnavailable.name, () => {
  it('recognises a refused or cut connection and a pool that waited in vain', () => {
    expect(
      isDatabaseUnavailable(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')),
    ).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    const refused = withCode('connect ECONNREFUSED', 'ECONNREFUSED');
    expect(isDatabaseUnavailable(new AggregateError([refused]))).toBe(true);
  });

  it('recognises connection-class SQLSTATEs inside a QueryFailedError', () => {
    const shutdown = withCode('terminating connection due to administrator command', '57P01');
    const failed = new QueryFailedError('SELECT 1', [], shutdown);
    expect(isDatabaseUnavailable(failed)).toBe(true);
    expect(databaseErrorCode(failed)).toBe('57P01');
    expect(isDatabaseUnavailable(withCode('connection failure', '08006'))).toBe(true);
  });

  it('recognises a server that stopped answering: statement or read timeout', () => {
    const cancelled = withCode('canceling statement due to statement timeout', '57014');
    expect(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], cancelled))).toBe(true);
    const unanswered = new QueryFailedError('SELECT 1', [], new Error('Query read timeout'));
    expect(isDatabaseUnavailable(unanswered)).toBe(true);
    expect(isDatabaseUnavailable(new Error('Client was closed and is not queryable'))).toBe(true);
  });

  it('recognises a transaction whose connection TypeORM released after it failed', () => {
    expect(isDatabaseUnavailable(new QueryRunnerProviderAlreadyReleasedError())).toBe(true);
  });

  it('leaves errors of the statement itself alone', () => {
    const unique = withCode('duplicate key value violates unique constraint', '23505');
    expect(isDatabaseUnavailable(new QueryFailedError('INSERT', [], unique))).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
