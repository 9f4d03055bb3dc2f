import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { FloorJob, FloorResult } from './load-job';

/**
 * The floor for the ACS: node-saml alone validating one Okta-shaped response in a loop, with
 * the API's signature requirements and no I/O at all. InResponseTo is not checked here, since
 * that needs the store the API keeps in its database. `node saml-floor.js <job> <result>`.
 */
async function main(): Promise<void> {
  const [jobPath, resultPath] = process.argv.slice(2);
  if (!jobPath || !resultPath) {
    throw new Error('usage: saml-floor <job.json> <result.json>');
  }
  const job = JSON.parse(readFileSync(jobPath, 'utf8')) as FloorJob;
  const saml = new SAML({
    idpCert: job.idpCertPem,
    idpIssuer: job.idpIssuer,
    issuer: job.spEntityId,
    audience: job.spEntityId,
    callbackUrl: job.spAcsUrl,
    wantAuthnResponseSigned: true,
    wantAssertionsSigned: true,
    acceptedClockSkewMs: job.clockSkewMs,
    validateInResponseTo: ValidateInResponseTo.never,
  });
  const validateOnce = async (): Promise<void> => {
    const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: job.samlResponse });
    if (!profile) {
      throw new Error('the response validated without a profile');
    }
  };

  await loopFor(job.warmupSeconds, validateOnce);
  const measured = await loopFor(job.durationSeconds, validateOnce);
  writeFileSync(resultPath, JSON.stringify(measured));
}

async function loopFor(seconds: number, work: () => Promise<void>): Promise<FloorResult> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let validations = 0;
  while (performance.now() < deadline) {
    await work();
    validations++;
  }
  const durationSeconds = (performance.now() - started) / 1000;
  return { validations, durationSeconds, perSecond: validations / durationSeconds };
}

main().catch((error: unknown) => {
  process.stderr.write(
    `SAML floor failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
