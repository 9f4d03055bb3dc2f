import { readFileSync } from 'node:fs';
import { config as loadDotenv } from 'dotenv';
import { runSamlCheck } from './saml-check/run-saml-check';

/**
 * `npm run saml:check -- <file> [--at <time>] [--no-in-response-to]`: validates a captured
 * SAMLResponse against this deployment's SAML settings with the ACS's own validation, and
 * prints every check. Exit code 0 accepted, 1 refused, 2 usage or configuration error.
 */
async function main(): Promise<void> {
  // Like the API, values already in the environment win over `.env`.
  loadDotenv({ quiet: true });
  process.exitCode = await runSamlCheck(process.argv.slice(2), {
    env: process.env,
    readInput: (file) => readFileSync(file === '-' ? 0 : file, 'utf8'),
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
}

main().catch((error: unknown) => {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`${text}\n`);
  process.exitCode = 2;
});
