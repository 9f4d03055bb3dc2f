import { loadSamlFixtures, SamlFixture } from '../../libs/auth/src/saml/testing/fixture-loader';
import {
  expectedIdentity,
  requestIdOf,
  samlConfigFor,
} from '../../libs/auth/src/saml/testing/fixture-settings';
import { pinClock, refusal, validateAtAcs } from '../../libs/auth/src/saml/testing/acs-path';
import { EXIT_ACCEPTED, EXIT_REFUSED } from '../../scripts/saml-check/run-saml-check';
import { failedCheck, samlCheck, samlEnvironment } from '../support/saml-check-run';

const fixtures = loadSamlFixtures();
// Two OneLogin samples were captured with placeholder ACS URLs ("{recipient}"), which
// SAML_SP_ACS_URL cannot hold; the ACS path suite covers them with settings built in code.
const configurable = fixtures.filter((f) =>
  URL.canParse(f.settings.assertion.SubjectConfirmationData.Recipient),
);
const genuine = configurable.filter((f) => f.meta.kind === 'valid');
const attacks = configurable.filter((f) => f.meta.kind !== 'valid');
const named = (list: SamlFixture[]) => list.map((f) => [f.name, f] as const);

/** What an administrator would run: the pin time, and IdP-initiated ones without InResponseTo. */
function argsFor(fixture: SamlFixture): string[] {
  const unsolicited = requestIdOf(fixture) === null ? ['--no-in-response-to'] : [];
  return ['response.xml', '--at', fixture.meta.pin_clock_to, ...unsolicited];
}

function check(fixture: SamlFixture, args = argsFor(fixture)) {
  const env = samlEnvironment(samlConfigFor(fixture));
  return samlCheck(args, env, { 'response.xml': fixture.xml });
}

describe('npm run saml:check on real IdP responses', () => {
  afterEach(() => jest.useRealTimers());

  it('leaves out only the samples whose ACS URL is a placeholder', () => {
    const left = fixtures.filter((f) => !configurable.includes(f)).map((f) => f.name);

    expect(left).toEqual(['onelogin-passport-2014-sha1', 'onelogin-samlshield-sp-initiated']);
  });

  it.each(named(genuine))('accepts %s and prints its identity', async (_name, fixture) => {
    const run = await check(fixture);

    expect(run.code).toBe(EXIT_ACCEPTED);
    expect(run.out).toMatch(/ACCEPTED$/);
    expect(run.out).not.toMatch(/FAILED/);
    const identity = expectedIdentity(fixture, samlConfigFor(fixture));
    expect(run.out).toContain(`  issuer        ${identity.issuer}`);
    expect(run.out).toContain(`  nameId        ${identity.nameId}`);
    if (identity.email) {
      expect(run.out).toContain(`  email         ${identity.email}`);
    }
    if (identity.groups.length > 0) {
      expect(run.out).toContain(`  groups        ${identity.groups.join(', ')}`);
    }
  });

  it.each(named(attacks))('refuses %s for the reason the ACS path gives', async (_name, sample) => {
    pinClock(sample.meta.pin_clock_to);
    const saml = samlConfigFor(sample);
    const atAcs = await refusal(validateAtAcs(sample.xml, saml, requestIdOf(sample)));
    jest.useRealTimers();

    const run = await check(sample);

    expect(run.code).toBe(EXIT_REFUSED);
    expect(run.out).toMatch(/^ {2}FAILED {2}/m);
    expect(run.out).toContain(`would log saml_login_refused with reason ${atAcs.reason}`);
  });

  it('names the signature check when one letter of the NameID was changed', async () => {
    const tampered = fixtures.find((f) => f.name === 'okta-negative-tampered-nameid');
    if (!tampered) {
      throw new Error('fixture okta-negative-tampered-nameid is missing');
    }

    const run = await check(tampered);

    expect(run.code).toBe(EXIT_REFUSED);
    expect(run.out).toMatch(/^ {2}FAILED {2}Signatures .*\n +refused: Invalid document signature/m);
    expect(run.out).toMatch(/^ {2}ok {6}Document /m);
    expect(run.out).not.toContain('Identity it would produce');
  });

  it('without --at, refuses an old response on its time window and suggests an --at', async () => {
    const fixture = genuine[0];
    const unpinned = argsFor(fixture).filter((a, i, all) => a !== '--at' && all[i - 1] !== '--at');

    const run = await check(fixture, unpinned);
    const suggested = /try --at (\S+) \(its IssueInstant\)/.exec(run.out)?.[1] ?? 'none';

    expect(run.code).toBe(EXIT_REFUSED);
    expect(run.out).toMatch(failedCheck('Time window'));
    expect((await check(fixture, [...unpinned, '--at', suggested])).code).toBe(EXIT_ACCEPTED);
  });
});
