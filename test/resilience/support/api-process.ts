import { ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DevIdpKeys, generateDevIdpKeys } from '@app/dev-idp';
import { TEST_FRONTEND, TEST_IDP_ISSUER } from '../../support/api-harness';
import { waitUntilReady } from '../../support/built-api';
import { freePort } from '../../support/free-port';
import { ApiEndpoint } from '../../support/saml-flow';

/**
 * What every instance behind one load balancer shares: the database, the signing key, the IdP
 * configuration and the public SP URLs the IdP signs for. Nothing else is shared.
 */
export interface SharedConfig {
  env: Record<string, string>;
  idpKeys: DevIdpKeys;
}

/** One built API running as its own process, on its own loopback port. */
export interface ApiProcess extends ApiEndpoint {
  port: number;
  child: ChildProcess;
  logs: string[];
  /** Resident memory of the process in MB, from /proc. */
  rssMb(): number;
  /** Sends the signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function sharedConfig(databaseUrl: string, publicUrl: string): SharedConfig {
  const idpKeys = generateDevIdpKeys();
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    SAML_IDP_SSO_URL: 'http://127.0.0.1:5998/sso',
    SAML_IDP_ISSUER: TEST_IDP_ISSUER,
    SAML_IDP_CERT: idpKeys.certPem,
    SAML_SP_ENTITY_ID: `${publicUrl}/auth/saml/metadata`,
    SAML_SP_ACS_URL: `${publicUrl}/auth/saml/acs`,
    FRONTEND_REDIRECT_URIS: TEST_FRONTEND,
    // Every simulated user comes from 127.0.0.1; the limit is per process and per address.
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
    SAML_VALIDATION_THREADS: '1',
  };
  return { env, idpKeys };
}

/** Starts `node main.js` with the shared configuration on `port` and waits until it is ready. */
export async function startApiProcess(
  mainJs: string,
  shared: SharedConfig,
  port?: number,
): Promise<ApiProcess> {
  const ownPort = port ?? (await freePort());
  const env = { ...shared.env, PORT: String(ownPort) };
  const child = spawn(process.execPath, [mainJs], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => logs.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => logs.push(chunk.toString('utf8')));
  const url = `http://127.0.0.1:${ownPort}`;
  const api: ApiProcess = {
    url,
    env,
    idpKeys: shared.idpKeys,
    port: ownPort,
    child,
    logs,
    rssMb: () => readRssMb(child.pid),
    stop: (signal = 'SIGTERM') => stopProcess(child, signal),
  };
  try {
    await waitUntilReady(url, child);
  } catch (error) {
    await api.stop('SIGKILL');
    throw new Error(`the API did not start:\n${logs.join('').slice(-2000)}`, { cause: error });
  }
  return api;
}

async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise((done) => child.once('exit', done));
  child.kill(signal);
  await exited;
}

function readRssMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid ?? 'self'}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}
