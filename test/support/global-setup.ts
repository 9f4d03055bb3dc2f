import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  RunningEmbeddedPostgres,
  startEmbeddedPostgres,
} from '../../libs/database/src/embedded-postgres';
import { freePort } from './free-port';

declare global {
  var embeddedPostgresForTests: RunningEmbeddedPostgres | undefined;
}

/**
 * One throwaway Postgres for the whole run (a real server from `embedded-postgres`), unless
 * TEST_DATABASE_URL points at one already. Suites create their own databases inside it.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) {
    return;
  }
  const parent = mkdtempSync(join(tmpdir(), 'saml-jwt-test-pg-'));
  // Postgres may run as its own user (when we are root), and must reach the cluster folder.
  chmodSync(parent, 0o755);
  const dataDir = join(parent, 'cluster');
  const running = await startEmbeddedPostgres({
    dataDir,
    port: await freePort(),
    persistent: false,
    database: 'postgres_admin',
  });
  globalThis.embeddedPostgresForTests = running;
  process.env.TEST_DATABASE_URL = running.url;
}
