import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DatabaseUrlProvider } from './database-url.provider';
import { postgresOptions } from './data-source-options';
import { runMigrationsExclusively } from './migration-lock';

@Global()
@Module({
  providers: [DatabaseUrlProvider],
  exports: [DatabaseUrlProvider],
})
class DatabaseUrlModule {}

/**
 * TypeORM on Postgres. Pending migrations run at start, under an advisory lock so that instances
 * starting together take turns, so a fresh database (embedded or not) is ready before the first
 * request; feature modules register their entities with `forFeature`.
 */
@Module({
  imports: [
    DatabaseUrlModule,
    TypeOrmModule.forRootAsync({
      inject: [DatabaseUrlProvider, APP_CONFIG],
      useFactory: async (urls: DatabaseUrlProvider, config: AppConfig) => ({
        ...postgresOptions(await urls.resolve(), config.database),
        autoLoadEntities: true,
        retryAttempts: 3,
        retryDelay: 1000,
      }),
      // Inside TypeORM's retry, like the connection: a database still starting is waited for.
      dataSourceFactory: async (options?: DataSourceOptions) => {
        const url = options?.type === 'postgres' ? options.url : undefined;
        if (!options || !url) {
          throw new Error('the database module expects Postgres options with a URL');
        }
        await runMigrationsExclusively(url);
        return new DataSource(options);
      },
    }),
  ],
})
export class DatabaseModule {}
