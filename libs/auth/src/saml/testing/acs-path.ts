import { CacheProvider } from '@node-saml/node-saml';
import { SamlConfig } from '@app/config';
import { SamlRejection } from '../saml-rejection';
import { validateInspectedSamlResponse, validateSamlResponse } from '../saml-response-validator';
import { VerifiedAssertion } from '../verify-saml-assertion';

/** The AuthnRequest we "sent": node-saml asks when it was created, or gets null. */
export function outstandingRequest(requestId: string | null): CacheProvider {
  return {
    getAsync: (id) => Promise.resolve(id === requestId ? new Date().toISOString() : null),
    saveAsync: () => Promise.resolve(null),
    removeAsync: () => Promise.resolve(null),
  };
}

/**
 * The validation the ACS and `saml:check` share, on a fixture's XML: the inspector, node-saml
 * with our options, then our own checks, with errors classified as the guard classifies them.
 * `inspect: false` leaves out the inspector, to show what the later steps would read.
 */
export async function validateAtAcs(
  xml: string,
  saml: SamlConfig,
  requestId: string | null,
  { inspect = true } = {},
): Promise<VerifiedAssertion> {
  const samlResponse = Buffer.from(xml, 'utf8').toString('base64');
  const validation = {
    saml,
    cacheProvider: outstandingRequest(requestId),
    allowUnsolicited: requestId === null,
    now: new Date(),
  };
  const validate = inspect ? validateSamlResponse : validateInspectedSamlResponse;
  return (await validate(samlResponse, validation)).assertion;
}

/** The refusal an attempt ends in; fails the test when the attempt succeeds. */
export async function refusal(attempt: Promise<unknown>): Promise<SamlRejection> {
  const outcome = await attempt.then(
    () => 'accepted',
    (error: unknown) => error,
  );
  if (outcome instanceof SamlRejection) {
    return outcome;
  }
  throw new Error(`expected a SamlRejection, got ${String(outcome)}`);
}

/** node-saml reads `new Date()`; promises, nextTick and setImmediate must still run. */
export function pinClock(instant: string | number): void {
  jest.useFakeTimers({
    now: new Date(instant),
    doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'],
  });
}

/** Changes one letter of `text` where it is an element's whole content; the length stays. */
export function flipOneLetter(xml: string, text: string): string {
  const at = xml.indexOf(`>${text}<`);
  const offset = text.search(/[A-Za-z]/);
  if (text === '' || at < 0 || offset < 0) {
    throw new Error(`no element with the text ${text}`);
  }
  const index = at + 1 + offset;
  return xml.slice(0, index) + (xml[index] === 'x' ? 'y' : 'x') + xml.slice(index + 1);
}
