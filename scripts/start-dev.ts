import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { devEnvironments, usesConfiguredIdp } from './dev/dev-environment';

/**
 * `npm start`: the whole sign-in on one machine. Starts the dev IdP (unless SAML_IDP_SSO_URL
 * names a real one), the API (which starts an embedded Postgres when DATABASE_URL is unset) and
 * the demo page, waits until the API is healthy, and prints the URL to open.
 */
const DIST = join(__dirname, '..');
const API_READY_TIMEOUT_MS = 120_000;

async function main(): Promise<void> {
  loadDotenv();
  const ports = {
    api: Number(process.env.PORT ?? 3000),
    idp: Number(process.env.DEV_IDP_PORT ?? 7000),
    web: Number(process.env.DEMO_WEB_PORT ?? 5173),
  };
  const envs = devEnvironments(process.env, ports);
  const children: ChildProcess[] = [];
  const stopAll = (code: number): void => {
    children.forEach((child) => child.exitCode === null && child.kill('SIGTERM'));
    setTimeout(() => process.exit(code), 5000).unref();
    // `exited` never rejects: it waits for an exit event.
    void Promise.all(children.map(exited)).then(() => process.exit(code));
  };
  process.once('SIGINT', () => stopAll(0));
  process.once('SIGTERM', () => stopAll(0));

  if (!usesConfiguredIdp(process.env)) {
    children.push(launch('dev-idp', 'apps/dev-idp/src/main.js', envs.idp, stopAll));
  }
  children.push(launch('api', 'apps/api/src/main.js', envs.api, stopAll));
  children.push(launch('demo-web', 'apps/demo-web/src/main.js', envs.web, stopAll));

  await waitForHealth(`http://localhost:${ports.api}/health`);
  const idp = usesConfiguredIdp(process.env)
    ? (envs.api.SAML_IDP_SSO_URL ?? envs.api.SAML_IDP_METADATA_FILE)
    : `http://localhost:${ports.idp}`;
  process.stdout.write(
    [
      '',
      `  Ready. Open http://localhost:${ports.web} and click "Sign in".`,
      `  API http://localhost:${ports.api}   IdP ${idp}   Ctrl+C stops everything.`,
      '',
    ].join('\n') + '\n',
  );
}

function launch(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  stopAll: (code: number) => void,
): ChildProcess {
  const child = spawn(process.execPath, [join(DIST, entry)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `[${name}] `;
  child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(prefixLines(prefix, chunk)));
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(prefixLines(prefix, chunk)));
  child.once('exit', (code, signal) => {
    process.stderr.write(`${prefix}exited (${signal ?? code})\n`);
    stopAll(code === 0 ? 0 : 1);
  });
  return child;
}

function prefixLines(prefix: string, chunk: Buffer): string {
  return chunk
    .toString('utf8')
    .split('\n')
    .map((line, index, lines) =>
      index === lines.length - 1 && line === '' ? '' : `${prefix}${line}\n`,
    )
    .join('');
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

async function waitForHealth(url: string): Promise<void> {
  const deadline = Date.now() + API_READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the API did not become healthy at ${url}`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `npm start failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
