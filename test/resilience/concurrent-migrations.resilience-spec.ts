import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { buildApiInto } from '../support/built-api';
import { signIn } from '../support/saml-flow';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { ApiProcess, sharedConfig, startApiProcess } from './support/api-process';

const BUILD_TIMEOUT_MS = 180_000;
/** Each round is a fresh, empty database: the race is at the very first migration. */
const ROUNDS = 3;
const API_PROCESSES = 2;
/** The API processes and the migration command: each ends up waiting for the gate or a lock. */
const CONTENDERS = API_PROCESSES + 1;
const GATE_TIMEOUT_MS = 20_000;

const run = promisify(execFile);

interface MigrationRow {
  name: string;
  runs: string;
}

/**
 * A deploy that starts every instance at once on an empty database, while a deploy step runs
 * `npm run migration:run` too: each of them would create the migrations table and apply the
 * schema. Exactly one may do it; the others must wait for it and then find nothing to do.
 *
 * Processes boot at different speeds, so "at the same instant" is made exact with a gate: the
 * test holds an uncommitted CREATE TABLE of the migrations table, on which the first CREATE of
 * each contender blocks; once every contender is waiting on a lock, the gate rolls back and they
 * all go at once.
 */
describe('instances started at the same instant on an empty database', () => {
  let build: ReturnType<typeof buildApiInto>;

  beforeAll(() => {
    build = buildApiInto('migrations');
  }, BUILD_TIMEOUT_MS);

  afterAll(() => build?.remove());

  it.each(Array.from({ length: ROUNDS }, (_, round) => round + 1))(
    'round %i: all come up and the schema is migrated exactly once',
    async () => {
      const db = await createTestDatabase();
      const shared = sharedConfig(db.url, 'http://127.0.0.1:5997');
      const migrationCli = join(build.dir, 'libs/database/src/cli/run-migrations.js');
      const gate = await closeGate(db.url);
      const starting = Promise.allSettled([
        ...Array.from({ length: API_PROCESSES }, () => startApiProcess(build.mainJs, shared)),
        run(process.execPath, [migrationCli], {
          env: { PATH: process.env.PATH, DATABASE_URL: db.url },
          timeout: 90_000,
        }),
      ]);
      const waiting = await gate.openWhenWaiting(CONTENDERS);
      const started = await starting;
      const apis = started.flatMap((result) =>
        result.status === 'fulfilled' && 'port' in result.value ? [result.value] : [],
      );
      try {
        const failures = started.flatMap((result) =>
          result.status === 'rejected' ? [String(result.reason)] : [],
        );
        expect(waiting).toBeGreaterThanOrEqual(CONTENDERS);
        expect(failures).toEqual([]);
        await expectMigratedOnce(db);
        // None came up through TypeORM's retry after a failed first attempt.
        expect(retriedConnections(apis)).toEqual([]);
        expect(apis.every((api) => api.child.exitCode === null)).toBe(true);
        for (const api of apis) {
          await expect(signIn(api)).resolves.toMatchObject({ token_type: 'Bearer' });
        }
      } finally {
        await Promise.all(apis.map((api) => api.stop()));
        await db.drop();
      }
    },
    120_000,
  );
});

interface Gate {
  /** Opens once `count` sessions wait on a lock, or after a bound; returns how many waited. */
  openWhenWaiting(count: number): Promise<number>;
}

/** Holds the migrations table's name in an open transaction until every contender waits. */
async function closeGate(url: string): Promise<Gate> {
  const gate = new Client({ connectionString: url });
  await gate.connect();
  await gate.query('BEGIN');
  await gate.query('CREATE TABLE schema_migrations (id integer)');
  return {
    openWhenWaiting: async (count) => {
      try {
        return await untilWaiting(gate, count);
      } finally {
        await gate.query('ROLLBACK');
        await gate.end();
      }
    },
  };
}

async function untilWaiting(gate: Client, count: number): Promise<number> {
  const deadline = Date.now() + GATE_TIMEOUT_MS;
  let waiting = 0;
  while (Date.now() < deadline && waiting < count) {
    await new Promise((done) => setTimeout(done, 100));
    // Inside a transaction the statistics views keep their first snapshot unless told not to.
    await gate.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await gate.query<{ waiting: number }>(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    waiting = rows[0].waiting;
  }
  if (waiting < count) {
    const { rows } = await gate.query(
      `SELECT pid, state, wait_event_type, wait_event, left(query, 120) AS query
         FROM pg_stat_activity WHERE datname = current_database()`,
    );
    console.warn({ event: 'migration_gate_timeout', sessions: rows });
  }
  return waiting;
}

async function expectMigratedOnce(db: TestDatabase): Promise<void> {
  const rows = await db.query<MigrationRow>(
    'SELECT name, count(*)::text AS runs FROM schema_migrations GROUP BY name ORDER BY name',
  );
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.filter((row) => row.runs !== '1')).toEqual([]);
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
  );
  expect(tables.map((table) => table.table_name)).toEqual(
    expect.arrayContaining(['users', 'login_requests', 'refresh_tokens', 'audit_events']),
  );
}

function retriedConnections(apis: ApiProcess[]): string[] {
  return apis
    .flatMap((api) => api.logs.join('').split('\n'))
    .filter((line) => /Unable to connect to the database|migration/i.test(line));
}
