import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Profile, SamlStatusError } from '@node-saml/node-saml';
import { Piscina } from 'piscina';
import { APP_CONFIG, AppConfig } from '@app/config';
import { rememberDecryptedAssertion } from '../decrypted-assertion';
import { SamlRejection } from '../saml-rejection';
import {
  runSamlValidation,
  SamlValidationOutcome,
  SamlValidationTask,
  SerializedProfile,
} from './saml-validation.task';

const THREAD_IDLE_TIMEOUT_MS = 60_000;

/** Compiled next to this file; the TypeScript sources (tests) validate inline instead. */
const WORKER_FILE = join(__dirname, 'saml-validation.worker.js');

export interface ValidatedResponse {
  profile: Profile | null;
  loggedOut: boolean;
}

/**
 * Runs node-saml's validation (XML parsing, canonicalisation, signatures: milliseconds of CPU
 * per response) on worker threads, so that a burst of logins does not stall every other
 * request on the event loop. With SAML_VALIDATION_THREADS=0 it runs inline.
 */
@Injectable()
export class SamlValidationPool implements OnModuleDestroy {
  private readonly logger = new Logger(SamlValidationPool.name);
  private readonly pool?: Piscina<SamlValidationTask, SamlValidationOutcome>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const threads = config.saml.validationThreads;
    if (threads === 0) {
      return;
    }
    if (!existsSync(WORKER_FILE)) {
      throw new Error(`SAML_VALIDATION_THREADS=${threads} needs the built worker ${WORKER_FILE}`);
    }
    this.pool = new Piscina({
      filename: WORKER_FILE,
      // Threads start with the first logins and stop after a quiet minute: an idle API keeps
      // ~18 MB less resident, and the first login after a pause waits for a thread to load
      // node-saml (a few hundred milliseconds, beside the browser's round trips to the IdP).
      minThreads: 0,
      maxThreads: threads,
      idleTimeout: THREAD_IDLE_TIMEOUT_MS,
      // Piscina otherwise sends a task it could not hand to a busy thread to the back of the
      // queue: under a burst some logins kept losing their turn and waited seconds (p99 3.3 s
      // against 0.25 s in order, 10 concurrent logins on one thread).
      stricterFIFO: true,
      // node-saml leaves several DOMs of garbage per response; left to grow, a thread's young
      // generation took ~60 MB more under a login burst. 8 MB kept the rate (measured: peak
      // RSS 361 -> 302 MB over 1,200 logins, 56 -> 60 logins/s); the old generation bound
      // is far above what one response needs and only stops a runaway.
      resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 256 },
    });
    this.logger.log({ event: 'saml_validation_threads', threads });
  }

  async validate(task: SamlValidationTask): Promise<ValidatedResponse> {
    const outcome = this.pool ? await this.pool.run(task) : await runSamlValidation(task);
    if (!outcome.ok) {
      throw revive(outcome);
    }
    return { loggedOut: outcome.loggedOut, profile: outcome.profile && toProfile(outcome.profile) };
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.destroy();
  }
}

/** The error as node-saml threw it, so classification works the same in both modes. */
function revive(outcome: Extract<SamlValidationOutcome, { ok: false }>): Error {
  if (outcome.reason !== undefined) {
    return new SamlRejection(outcome.reason, outcome.message);
  }
  const error =
    outcome.xmlStatus !== undefined
      ? new SamlStatusError(outcome.message, outcome.xmlStatus)
      : new Error(outcome.message);
  error.name = outcome.name;
  return error;
}

function toProfile(serialized: SerializedProfile): Profile {
  const profile: Profile = {
    // The fields node-saml set on the profile, minus its accessors, which are rebuilt here.
    ...(serialized.fields as Profile),
    getAssertion: () => serialized.assertion as Record<string, unknown>,
    getAssertionXml: () => serialized.assertionXml,
    getSamlResponseXml: () => serialized.responseXml,
  };
  if (serialized.decryptedAssertionXml !== null) {
    rememberDecryptedAssertion(profile, serialized.decryptedAssertionXml);
  }
  return profile;
}
