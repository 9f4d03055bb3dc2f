import { join } from 'node:path';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { RunningEmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';

/**
 * Resolves the Postgres URL: DATABASE_URL when set; otherwise, outside production, an embedded
 * Postgres whose data lives in `${DATA_DIR}/postgres` so development state survives restarts.
 */
@Injectable()
export class DatabaseUrlProvider implements OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseUrlProvider.name);
  private embedded?: RunningEmbeddedPostgres;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async resolve(): Promise<string> {
    if (this.config.database.url) {
      return this.config.database.url;
    }
    if (this.config.env === 'production') {
      throw new Error('DATABASE_URL is required in production');
    }
    this.embedded ??= await startEmbeddedPostgres({
      dataDir: join(this.config.dataDir, 'postgres'),
      port: this.config.database.embeddedPort,
      persistent: true,
      // Stopped by `onApplicationShutdown`, after in-flight requests and the pool are done.
      stopOnSignals: false,
    });
    return this.embedded.url;
  }

  /** Runs after TypeORM has closed its pool (both hook on shutdown; ours is registered later). */
  async onApplicationShutdown(): Promise<void> {
    if (!this.embedded) {
      return;
    }
    await this.embedded.stop();
    this.logger.log({ event: 'embedded_postgres_stopped' });
  }
}
