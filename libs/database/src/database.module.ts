import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseUrlProvider } from './database-url.provider';
import { postgresOptions } from './data-source-options';

@Global()
@Module({
  providers: [DatabaseUrlProvider],
  exports: [DatabaseUrlProvider],
})
class DatabaseUrlModule {}

/**
 * TypeORM on Postgres. Pending migrations run at start, so a fresh database (embedded or not)
 * is ready before the first request; feature modules register their entities with `forFeature`.
 */
@Module({
  imports: [
    DatabaseUrlModule,
    TypeOrmModule.forRootAsync({
      inject: [DatabaseUrlProvider],
      useFactory: async (urls: DatabaseUrlProvider) => ({
        ...postgresOptions(await urls.resolve()),
        autoLoadEntities: true,
        migrationsRun: true,
        retryAttempts: 3,
        retryDelay: 1000,
      }),
    }),
  ],
})
export class DatabaseModule {}
