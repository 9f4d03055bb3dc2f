import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { validateEnvironment } from '@app/config';
import { postgresOptions } from '../data-source-options';
import { startEmbeddedPostgres } from '../embedded-postgres';

/**
 * `npm run migration:run`: applies pending migrations to DATABASE_URL, or to the development
 * embedded Postgres when it is unset. The API also runs them at start; this is for deploy steps.
 */
async function main(): Promise<void> {
  const env = validateEnvironment(process.env);
  const embedded = env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: join(env.DATA_DIR, 'postgres'),
        port: env.DATABASE_EMBEDDED_PORT,
        persistent: true,
      });
  const dataSource = new DataSource(postgresOptions(env.DATABASE_URL ?? embedded?.url ?? ''));
  try {
    await dataSource.initialize();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    process.stdout.write(`migrations applied: ${applied.map((m) => m.name).join(', ') || 'none'}\n`);
  } finally {
    await dataSource.destroy();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
