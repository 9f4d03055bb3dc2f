import { CacheProvider } from '@node-saml/node-saml';
import {
  SamlRejection,
  SamlValidationStep,
  validateSamlResponse,
  ValidatedSamlResponse,
} from '@app/auth';
import { InvalidConfigurationError } from '@app/config';
import { parseArguments, SamlCheckArguments, USAGE, UsageError } from './arguments';
import { CapturedResponse, issueInstantOf, readCapturedResponse } from './captured-response';
import { CheckConfiguration, checkConfiguration } from './check-configuration';
import { checkLines } from './check-report';
import { configurationLines } from './configuration-report';
import { identityLines } from './identity-report';
import { atInstant } from './pinned-clock';

export const EXIT_ACCEPTED = 0;
export const EXIT_REFUSED = 1;
export const EXIT_USAGE = 2;

export interface SamlCheckIo {
  env: Record<string, string | undefined>;
  /** Reads a path, or standard input for `-`. */
  readInput(file: string): string;
  out(line: string): void;
  err(line: string): void;
}

interface PreparedCheck {
  args: SamlCheckArguments;
  captured: CapturedResponse;
  config: CheckConfiguration;
}

/**
 * Without the API's database, any InResponseTo counts as a login request issued just now: the
 * check tells whether the response answers a request at all, not whether that one is open.
 */
const ANY_REQUEST_OPEN: CacheProvider = {
  getAsync: () => Promise.resolve(new Date().toISOString()),
  saveAsync: () => Promise.resolve(null),
  removeAsync: () => Promise.resolve(null),
};

interface CheckOutcome {
  at: Date;
  passed: Set<SamlValidationStep>;
  validated: ValidatedSamlResponse | null;
  rejection: SamlRejection | null;
}

/** `npm run saml:check`: validates a captured SAMLResponse the way the ACS does. */
export async function runSamlCheck(argv: string[], io: SamlCheckIo): Promise<number> {
  const prepared = await prepare(argv, io);
  if (prepared === null) {
    return EXIT_USAGE;
  }

  const outcome = await validate(prepared);
  reportLines(prepared, outcome).forEach((line) => io.out(line));
  return outcome.rejection ? EXIT_REFUSED : EXIT_ACCEPTED;
}

/** The ACS's validation, at the instant asked for, remembering how far it got. */
async function validate({ args, captured, config }: PreparedCheck): Promise<CheckOutcome> {
  const at = args.at ?? new Date();
  const passed = new Set<SamlValidationStep>();
  const validation = atInstant(args.at, () =>
    validateSamlResponse(captured.samlResponse, {
      saml: config.saml,
      cacheProvider: ANY_REQUEST_OPEN,
      allowUnsolicited: !args.checkInResponseTo,
      now: at,
      onStepPassed: (step) => passed.add(step),
    }),
  );
  return validation.then(
    (validated) => ({ at, passed, validated, rejection: null }),
    (error: unknown) => {
      if (!(error instanceof SamlRejection)) {
        throw error;
      }
      return { at, passed, validated: null, rejection: error };
    },
  );
}

function reportLines(prepared: PreparedCheck, outcome: CheckOutcome): string[] {
  const { args, captured, config } = prepared;
  const { at, passed, validated, rejection } = outcome;
  const context = {
    saml: config.saml,
    at,
    checkInResponseTo: args.checkInResponseTo,
    issuedAt: issueInstantOf(captured.samlResponse),
  };
  const title = `SAML response check: ${args.file} (${captured.format}) at ${at.toISOString()}`;
  return [
    args.at ? `${title} (--at)` : title,
    '',
    ...configurationLines(config, captured.samlResponse),
    '',
    'Checks, in the order the ACS runs them (-: not confirmed, the ACS stops at a refusal)',
    ...checkLines(context, { passed, rejection }),
    '  n/a     Login request and replay: only the API can tell, from its database',
    '',
    ...(validated ? [...identityLines(validated, config.saml.attributes), ''] : []),
    rejection
      ? `REFUSED: the API would log saml_login_refused with reason ${rejection.reason}`
      : 'ACCEPTED',
  ];
}

/** Arguments, input and configuration; a problem with any of them is a usage error. */
async function prepare(argv: string[], io: SamlCheckIo): Promise<PreparedCheck | null> {
  try {
    const args = parseArguments(argv);
    const captured = readCapturedResponse(readInput(io, args.file));
    return { args, captured, config: await checkConfiguration(io.env) };
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n${USAGE}`);
    } else if (error instanceof InvalidConfigurationError) {
      io.err(error.message);
    } else {
      throw error;
    }
    return null;
  }
}

function readInput(io: SamlCheckIo, file: string): string {
  try {
    return io.readInput(file);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`cannot read ${file}: ${reason}`);
  }
}
