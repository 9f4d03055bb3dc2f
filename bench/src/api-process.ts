import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ChildProcesses } from './child-processes';
import { freePort, waitUntilServing } from './net';
import { API_MAIN } from './paths';
import { DevIdpKeys, DevIdpModule, loadDevIdp } from './product';

export const FRONTEND_CALLBACK = 'http://127.0.0.1:5999/callback';
export const IDP_ISSUER = 'http://www.okta.example/exk-bench-idp';
const START_TIMEOUT_MS = 60_000;

export interface RunningApi {
  url: string;
  pid: number;
  idpKeys: DevIdpKeys;
  /** The dev IdP's signer and parser, which play Okta's part for the bench. */
  devIdp: DevIdpModule;
  spEntityId: string;
  spAcsUrl: string;
  clockSkewMs: number;
  /** The access-token signing key the API was given (PKCS#8 PEM). */
  jwtPrivateKeyPem: string;
}

/**
 * The built API as production runs it (`NODE_ENV=production`, JSON logs at `warn`), on the
 * server's core, configured for an Okta-like IdP whose keys the bench holds. Its working
 * directory is the bench's scratch folder, so a developer's `.env` cannot change the figures.
 */
export async function startApi(
  processes: ChildProcesses,
  databaseUrl: string,
  workDir: string,
): Promise<RunningApi> {
  const devIdp = await loadDevIdp();
  const idpKeys = devIdp.generateDevIdpKeys();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const api = {
    url,
    idpKeys,
    devIdp,
    spEntityId: `${url}/auth/saml/metadata`,
    spAcsUrl: `${url}/auth/saml/acs`,
    clockSkewMs: 60_000,
    jwtPrivateKeyPem: rs256PrivateKeyPem(),
  };
  const cwd = join(workDir, 'api');
  mkdirSync(cwd, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: join(cwd, 'data'),
    DATABASE_URL: databaseUrl,
    JWT_PRIVATE_KEY: api.jwtPrivateKeyPem,
    // Never contacted: the bench plays the browser and the IdP itself.
    SAML_IDP_SSO_URL: 'http://127.0.0.1:9/sso',
    SAML_IDP_ISSUER: IDP_ISSUER,
    SAML_IDP_CERT: idpKeys.certPem,
    SAML_SP_ENTITY_ID: api.spEntityId,
    SAML_SP_ACS_URL: api.spAcsUrl,
    SAML_CLOCK_SKEW_SECONDS: String(api.clockSkewMs / 1000),
    FRONTEND_REDIRECT_URIS: FRONTEND_CALLBACK,
    // The limit is per client address, and every simulated user here comes from 127.0.0.1.
    // The limiter still runs on each sign-in request, so its cost stays in the figures.
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
    // For profiling the API under the bench's load, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
    ...(process.env.BENCH_API_NODE_OPTIONS
      ? { NODE_OPTIONS: process.env.BENCH_API_NODE_OPTIONS }
      : {}),
  };
  const child = processes.spawnNode(API_MAIN, [], {
    core: 'server',
    logName: 'api',
    env,
    cwd,
    longLived: true,
  });
  try {
    await waitUntilServing(`${url}/health`, child, START_TIMEOUT_MS);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n${processes.logTail('api')}`, { cause: error });
  }
  if (child.pid === undefined) {
    throw new Error('the API process has no PID');
  }
  return { ...api, pid: child.pid };
}

/** An RSA-2048 key in PKCS#8 PEM, as the README's `openssl` line makes for production. */
function rs256PrivateKeyPem(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}
