import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DestinationStream } from 'pino';
import { DevIdpKeys, generateDevIdpKeys } from '@app/dev-idp';
import { createApp } from '../../apps/api/src/create-app';
import { createTestDatabase, TestDatabase } from './test-database';
import { freePort } from './free-port';

export interface ApiHarness {
  url: string;
  app: NestFastifyApplication;
  db: TestDatabase;
  idpKeys: DevIdpKeys;
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface ApiHarnessOptions {
  /** Overrides of the generated environment. */
  env?: Record<string, string>;
  idpKeys?: DevIdpKeys;
  idpUrl?: string;
  port?: number;
  /** Receives the API's log lines (JSON) instead of stdout. */
  logDestination?: DestinationStream;
}

export const TEST_FRONTEND = 'http://127.0.0.1:5999/callback';
export const TEST_IDP_ISSUER = 'http://www.okta.example/exk-test-idp';

/**
 * The real API, listening on a loopback port, on its own fresh database in the run's Postgres,
 * configured like production would configure it for an Okta-like IdP whose keys we hold.
 */
export async function startApi(options: ApiHarnessOptions = {}): Promise<ApiHarness> {
  const idpKeys = options.idpKeys ?? generateDevIdpKeys();
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const db = await createTestDatabase();
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    SAML_IDP_SSO_URL: `${options.idpUrl ?? 'http://127.0.0.1:5998'}/sso`,
    SAML_IDP_ISSUER: TEST_IDP_ISSUER,
    SAML_IDP_CERT: idpKeys.certPem,
    SAML_SP_ENTITY_ID: `${url}/auth/saml/metadata`,
    SAML_SP_ACS_URL: `${url}/auth/saml/acs`,
    FRONTEND_REDIRECT_URIS: TEST_FRONTEND,
    // Suites fire bursts at the sign-in endpoints; the throttling suite sets its own limit.
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
    // Worker threads load compiled JavaScript; the TypeScript under test validates inline.
    SAML_VALIDATION_THREADS: '0',
    ...options.env,
  };
  const app = await createApp({ env, logDestination: options.logDestination });
  try {
    await app.listen(port, '127.0.0.1');
  } catch (error) {
    // A start refused while initialising (metadata that cannot be fetched, say) leaves nothing.
    await app.close();
    await db.drop();
    throw error;
  }
  return {
    url,
    app,
    db,
    idpKeys,
    env,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
