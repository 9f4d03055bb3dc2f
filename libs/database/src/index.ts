export * from './database.module';
export * from './database-url.provider';
export * from './data-source-options';
export * from './embedded-postgres';
export * from './delete-in-batches';
export * from './migration-lock';
export * from './pool-options';
export * from './hang-safe-client';
