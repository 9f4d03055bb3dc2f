/** How the command is called; printed with every usage error. */
export const USAGE =
  'usage: npm run saml:check -- <file | -> [--at <ISO time>] [--no-in-response-to]\n' +
  '  <file>               a captured SAMLResponse: base64 as posted, the form body, or the XML\n' +
  '  -                    read it from standard input\n' +
  '  --at <time>          validate as if it were that instant, e.g. 2024-03-01T10:35:53Z\n' +
  '  --no-in-response-to  accept a response that answers no login request (IdP-initiated)';

export interface SamlCheckArguments {
  /** A path, or `-` for standard input. */
  file: string;
  /** The instant to validate at; null for the real clock. */
  at: Date | null;
  checkInResponseTo: boolean;
}

/** A mistake in how the command was called, or in what it was given to read. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * A time with a date, a time of day and an explicit offset: without the offset, JavaScript reads
 * it in the local zone, and a response captured elsewhere would be checked at the wrong instant.
 */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function parseArguments(argv: string[]): SamlCheckArguments {
  const files: string[] = [];
  let at: Date | null = null;
  let checkInResponseTo = true;
  for (let index = 0; index < argv.length; index++) {
    const [flag, inline] = argv[index].split(/=(.*)/s, 2);
    if (flag === '--no-in-response-to' && inline === undefined) {
      checkInResponseTo = false;
    } else if (flag === '--at') {
      at = parseInstant(inline ?? argv[++index]);
    } else if (argv[index] === '-' || !argv[index].startsWith('-')) {
      files.push(argv[index]);
    } else {
      throw new UsageError(`unknown option ${argv[index]}`);
    }
  }
  if (files.length !== 1) {
    throw new UsageError('name exactly one file with the captured response');
  }
  return { file: files[0], at, checkInResponseTo };
}

function parseInstant(value: string | undefined): Date {
  if (value === undefined || !ISO_INSTANT.test(value) || Number.isNaN(Date.parse(value))) {
    const got = value ?? 'nothing';
    throw new UsageError(`--at needs an ISO 8601 time with Z or an offset, got ${got}`);
  }
  return new Date(value);
}
