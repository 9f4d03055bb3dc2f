import { join } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { startEmbeddedPostgres } from '../embedded-postgres';
import { runMigrationsExclusively } from '../migration-lock';

/**
 * `npm run migration:run`: applies pending migrations to DATABASE_URL, or to the development
 * embedded Postgres when it is unset. The API also runs them at start; this is for deploy steps.
 */
async function main(): Promise<void> {
  loadDotenv();
  const {
    DATABASE_URL,
    NODE_ENV,
    DATA_DIR = '.data',
    DATABASE_EMBEDDED_PORT = '5433',
  } = process.env;
  if (!DATABASE_URL && NODE_ENV === 'production') {
    throw new Error('DATABASE_URL is required when NODE_ENV is production');
  }
  // Only the database settings matter here; the rest of the configuration is the API's.
  const embedded = DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: join(DATA_DIR, 'postgres'),
        port: Number(DATABASE_EMBEDDED_PORT),
        persistent: true,
      });
  try {
    // Under the same advisory lock as the API's start, so a deploy step and instances take turns.
    const applied = await runMigrationsExclusively(DATABASE_URL ?? embedded?.url ?? '', 'each');
    process.stdout.write(
      `migrations applied: ${applied.map((m) => m.name).join(', ') || 'none'}\n`,
    );
  } finally {
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
