import { join } from 'node:path';
import { DIST_DIR } from './paths';

/**
 * The parts of the built product the bench drives directly. The bench measures what
 * `npm run build` produced, so it loads `dist/` at run time; these interfaces state the little
 * it relies on, which keeps the product's sources out of the bench's own compilation.
 */
export interface DevIdpKeys {
  privateKeyPem: string;
  certPem: string;
}

export interface IdpUser {
  email: string;
  firstName: string;
  lastName: string;
  groups: string[];
}

export interface SignedResponseOptions {
  keys: DevIdpKeys;
  issuer: string;
  audience: string;
  acsUrl: string;
  inResponseTo: string;
  user: IdpUser;
}

export interface DevIdpModule {
  generateDevIdpKeys: () => DevIdpKeys;
  buildSignedResponse: (options: SignedResponseOptions) => string;
  parseRedirectAuthnRequest: (samlRequest: string) => { id: string };
}

export interface RunningEmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresModule {
  startEmbeddedPostgres: (options: {
    dataDir: string;
    port: number;
    persistent: boolean;
    database?: string;
  }) => Promise<RunningEmbeddedPostgres>;
}

export async function loadDevIdp(): Promise<DevIdpModule> {
  return (await import(join(DIST_DIR, 'apps', 'dev-idp', 'src', 'index.js'))) as DevIdpModule;
}

export async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresModule> {
  const modulePath = join(DIST_DIR, 'libs', 'database', 'src', 'embedded-postgres.js');
  return (await import(modulePath)) as EmbeddedPostgresModule;
}
