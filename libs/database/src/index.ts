export * from './database.module';
export * from './database-url.provider';
export * from './data-source-options';
export * from './embedded-postgres';
export * from './delete-in-batches';
