import { DataSourceOptions } from 'typeorm';
import { DatabaseLimits, poolOptions } from './pool-options';
import { InitialSchema1764806400000 } from './migrations/1764806400000-InitialSchema';
import { AuditEvents1764892800000 } from './migrations/1764892800000-AuditEvents';
import { SingleLogout1765152000000 } from './migrations/1765152000000-SingleLogout';

/** Every migration, in order. Listed explicitly so bundling or path layout cannot drop one. */
export const MIGRATIONS = [
  InitialSchema1764806400000,
  AuditEvents1764892800000,
  SingleLogout1765152000000,
];

/** Without `limits` (migrations, tools): a small pool and no statement timeout. */
export function postgresOptions(url: string, limits?: DatabaseLimits): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    // The schema is owned by migrations; `synchronize` would let an entity edit alter production.
    synchronize: false,
    // A small pool: most requests never reach the database (access tokens are stateless).
    extra: limits ? poolOptions(limits) : { max: 10, connectionTimeoutMillis: 5000 },
  };
}
