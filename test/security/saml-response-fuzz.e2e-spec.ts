import { randomBytes, randomInt } from 'node:crypto';
import { ApiHarness, startApi } from '../support/api-harness';
import { NEWCOMER } from '../support/refused-responses';
import { signIn, startLogin } from '../support/saml-flow';
import { postAcsTagged, responseXml, toBase64 } from './support/acs-attack';
import { FuzzTally, RefusalIndex } from './support/fuzz-tally';
import { mutate, Random, signedContent } from './support/response-mutator';

const SECONDS = Number(process.env.SAML_FUZZ_SECONDS ?? 40);
const SEED = Number(process.env.SAML_FUZZ_SEED ?? randomInt(2 ** 31));
const CONCURRENCY = 4;
/** One round in this many posts for a login of its own, with its real RelayState. */
const FRESH_LOGIN_EVERY = 20;

/**
 * Random mutations of a validly signed response, posted with modest concurrency for a bounded
 * time (SAML_FUZZ_SECONDS; SAML_FUZZ_SEED replays a run). Nothing may answer 5xx, the process
 * must stay up, and no mutant may sign anyone in unless what the signatures cover is byte for
 * byte unchanged (`signedContent`).
 *
 * Most rounds post against one open login with a RelayState that names none: such a post never
 * gets a code, but one that passes every SAML check is refused only at the very end, as
 * `unknown_login_request`, which is how the log tells that it would have signed in. Every
 * twentieth round uses a login of its own, where a code is a code.
 */
describe(`SAML response fuzzing (${SECONDS} s, seed ${SEED})`, () => {
  const index = new RefusalIndex();
  const tally = new FuzzTally(SEED);
  let api: ApiHarness;

  beforeAll(async () => {
    // xmldom reports each malformed mutant on the console; jest's console is slow, and the
    // reports add nothing to the outcome. The API itself logs through pino, not the console.
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    api = await startApi({ env: { LOG_LEVEL: 'warn' }, logDestination: index });
  });

  afterAll(async () => {
    await api.close();
    jest.restoreAllMocks();
  });

  /** Posts mutants of one signed response with a RelayState that names no login. */
  async function sharedLoginRounds(): Promise<(random: Random, id: string) => Promise<void>> {
    const xml = responseXml(api, await startLogin(api), { user: NEWCOMER });
    const original = signedContent(toBase64(xml));
    const nowhere = randomBytes(32).toString('base64url');
    return async (random, id) => {
      const mutant = mutate(xml, random);
      const response = await postAcsTagged(api, mutant.samlResponse, nowhere, id);
      tally.answered(response.status);
      if (response.status !== 400) {
        tally.found(id, mutant.steps, `answered ${response.status}`);
      }
      if (index.reasons.get(id) !== 'unknown_login_request') {
        return;
      }
      if (signedContent(mutant.samlResponse) === original) {
        tally.passedUnchanged += 1;
      } else {
        tally.found(id, mutant.steps, 'passed every SAML check with changed signed content');
      }
    };
  }

  /** Starts a login, and posts a mutant of its signed response with its real RelayState. */
  async function freshLoginRound(random: Random, id: string): Promise<void> {
    const login = await startLogin(api);
    const xml = responseXml(api, login, { user: NEWCOMER });
    const mutant = mutate(xml, random);
    const response = await postAcsTagged(api, mutant.samlResponse, login.relayState, id);
    tally.answered(response.status);
    if (![302, 400].includes(response.status)) {
      tally.found(id, mutant.steps, `answered ${response.status}`);
    }
    const location = new URL(response.headers.get('location') ?? 'about:blank');
    if (!location.searchParams.has('code')) {
      return;
    }
    if (signedContent(mutant.samlResponse) === signedContent(toBase64(xml))) {
      tally.passedUnchanged += 1;
    } else {
      tally.found(id, mutant.steps, 'got a code with changed signed content');
    }
  }

  it(
    'never answers 5xx, never dies, never signs a mutant in',
    async () => {
      const sharedRound = await sharedLoginRounds();
      const deadline = Date.now() + SECONDS * 1000;
      const lane = async (number: number): Promise<void> => {
        const random = new Random(SEED + number);
        for (let n = 0; Date.now() < deadline; n += 1) {
          const round = random.below(FRESH_LOGIN_EVERY) === 0 ? freshLoginRound : sharedRound;
          await round(random, `fuzz-${number}-${n}`);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, (_, number) => lane(number)));

      expect(tally.findings).toEqual([]);
      expect([...tally.statuses.keys()].filter((status) => status >= 500)).toEqual([]);
      expect((await fetch(`${api.url}/health`)).status).toBe(200);
      await expect(signIn(api)).resolves.toMatchObject({ token_type: 'Bearer' });
      // A floor, not a target: node-saml spends ~20 ms of CPU per signature it checks here, so
      // a loaded machine manages fewer rounds. The reasons show mutants reached the deep checks.
      expect(tally.rounds).toBeGreaterThan(SECONDS * 5);
      const reasons = new Set(index.reasons.values());
      expect([...reasons]).toEqual(expect.arrayContaining(['signature_invalid', 'malformed']));
      process.stdout.write(tally.summary(reasons));
    },
    (SECONDS + 30) * 1000,
  );
});
