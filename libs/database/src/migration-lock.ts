import { DataSource, Migration } from 'typeorm';
import { postgresOptions } from './data-source-options';

/**
 * The advisory lock key that serialises migration runs on one database. Any constant does, as
 * long as nothing else in this database uses the same key; nothing does.
 */
export const MIGRATION_LOCK_KEY = '7306212740158261248';

/**
 * Applies pending migrations while holding a Postgres session advisory lock, so instances that
 * start at the same moment (and `npm run migration:run` beside them) take turns: the first
 * migrates, the others wait, then find nothing pending. TypeORM's runner takes no lock of its
 * own; run concurrently, both create the migrations table and one fails on a duplicate key.
 *
 * Runs on a data source of its own, without the request statement timeout: a migration and the
 * wait for the lock may both take longer than any request should. Needs a session-level
 * connection (direct, or PgBouncer in session mode): transaction pooling would drop the lock.
 */
export async function runMigrationsExclusively(
  url: string,
  transaction: 'all' | 'each' = 'all',
): Promise<Migration[]> {
  const dataSource = new DataSource({ ...postgresOptions(url), extra: { max: 2 } });
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await dataSource.runMigrations({ transaction });
  } finally {
    // Closing the session would release the lock too; unlocking first frees the next waiter now.
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.release();
    await dataSource.destroy();
  }
}
