import { randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { generateDevIdpKeys } from '@app/dev-idp';
import { BODY_LIMITS } from '../../apps/api/src/create-app';
import {
  DENIED,
  expectAccessDenied,
  expectCode,
  expectProblem,
  postAcsRaw,
} from '../support/acs-expectations';
import { ApiHarness, startApi } from '../support/api-harness';
import { snapshotAuthState } from '../support/auth-state';
import {
  ADA_RENAMED,
  ago,
  NEWCOMER,
  REFUSED,
  RefusalContext,
  SKEW_MS,
  withEntityExpansion,
} from '../support/refused-responses';
import { ADA, idpResponse, postAcs, signIn, startLogin } from '../support/saml-flow';

const base64 = (data: string | Buffer): string => Buffer.from(data).toString('base64');
const decode = (samlResponse: string): string => Buffer.from(samlResponse, 'base64').toString();

describe('ACS refusals', () => {
  let api: ApiHarness;
  let context: RefusalContext;

  beforeAll(async () => {
    api = await startApi();
    await signIn(api);
    context = { api, attackerKeys: generateDevIdpKeys(), otherLogin: await startLogin(api) };
  });

  afterAll(async () => {
    await api.close();
  });

  describe.each([
    ['a known user', ADA_RENAMED],
    ['a new user', NEWCOMER],
  ])('for %s', (_label, user) => {
    it.each(REFUSED)('$name: access_denied to the frontend, nothing written', async (refused) => {
      const login = await startLogin(api);
      const before = await snapshotAuthState(api);

      const samlResponse = idpResponse(api, login, { user, ...refused.response(context) });
      const acs = await postAcs(api, samlResponse, login.relayState);

      await expectAccessDenied(acs, login, refused.description);
      expect(await snapshotAuthState(api)).toEqual(before);
    });
  });

  it('honours the clock skew: just expired or just not yet valid is accepted', async () => {
    const late = await startLogin(api);
    const lateResponse = idpResponse(api, late, { notOnOrAfter: ago(SKEW_MS - 20_000) });
    expectCode(await postAcs(api, lateResponse, late.relayState), late);

    const early = await startLogin(api);
    const earlyResponse = idpResponse(api, early, { notBefore: ago(-(SKEW_MS - 20_000)) });
    expectCode(await postAcs(api, earlyResponse, early.relayState), early);
  });

  it('refuses the same response posted twice, and in a new login', async () => {
    const login = await startLogin(api);
    const samlResponse = idpResponse(api, login);
    expectCode(await postAcs(api, samlResponse, login.relayState), login);
    const before = await snapshotAuthState(api);

    // The login it answered is used up, so no frontend is known to send the browser back to.
    await expectProblem(await postAcs(api, samlResponse, login.relayState), 400, samlResponse);
    const fresh = await startLogin(api);
    const replayed = await postAcs(api, samlResponse, fresh.relayState);
    await expectAccessDenied(replayed, fresh, DENIED.unknownLogin);
    expect(await snapshotAuthState(api)).toEqual(before);
  });

  it('gives exactly one of 5 concurrent posts of one response a code', async () => {
    const login = await startLogin(api);
    const samlResponse = idpResponse(api, login);
    const before = await snapshotAuthState(api);

    const posts = await Promise.all(
      Array.from({ length: 5 }, () => postAcs(api, samlResponse, login.relayState)),
    );
    const winners = posts.filter((post) => post.headers.get('location')?.includes('code='));
    expect(winners).toHaveLength(1);
    expectCode(winners[0], login);
    for (const loser of posts.filter((post) => !winners.includes(post))) {
      await expectProblem(loser, 400, samlResponse);
    }
    const after = await snapshotAuthState(api);
    expect(after.authorizationCodes).toBe(before.authorizationCodes + 1);
    expect(after.seenAssertions).toBe(before.seenAssertions + 1);
  });

  it('refuses an assertion ID already used, in a new response for a new login', async () => {
    const assertionId = `_${randomBytes(20).toString('hex')}`;
    const first = await startLogin(api);
    const original = idpResponse(api, first, { assertionId });
    expectCode(await postAcs(api, original, first.relayState), first);
    const before = await snapshotAuthState(api);

    const second = await startLogin(api);
    const replay = idpResponse(api, second, { assertionId, user: ADA_RENAMED });
    const acs = await postAcs(api, replay, second.relayState);
    await expectAccessDenied(acs, second, DENIED.rejected);
    expect(await snapshotAuthState(api)).toEqual(before);
  });

  it('ends the login a refused response named: a good response for it then fails', async () => {
    const login = await startLogin(api);
    const unsigned = idpResponse(api, login, { sign: 'none' });
    const refused = await postAcs(api, unsigned, login.relayState);
    await expectAccessDenied(refused, login, DENIED.rejected);
    const before = await snapshotAuthState(api);

    const good = idpResponse(api, login);
    await expectProblem(await postAcs(api, good, login.relayState), 400, good);
    expect(await snapshotAuthState(api)).toEqual(before);
  });

  describe('a POST with no usable response: 400 problem+json, nothing written', () => {
    it('a RelayState that names no login, or none at all', async () => {
      const login = await startLogin(api);
      const samlResponse = idpResponse(api, login);
      const before = await snapshotAuthState(api);

      const unknownRelay = randomBytes(32).toString('base64url');
      await expectProblem(await postAcs(api, samlResponse, unknownRelay), 400, samlResponse);
      await expectProblem(await postAcs(api, samlResponse), 400, samlResponse);
      expect(await snapshotAuthState(api)).toEqual(before);
    });

    it('no SAMLResponse, or more than one', async () => {
      const login = await startLogin(api);
      const before = await snapshotAuthState(api);
      const missing = await postAcsRaw(api, new URLSearchParams({ RelayState: login.relayState }));
      expect((await expectProblem(missing, 400)).detail).toBe('SAMLResponse is required');

      const samlResponse = idpResponse(api, login);
      const twice = new URLSearchParams([
        ['SAMLResponse', samlResponse],
        ['SAMLResponse', samlResponse],
        ['RelayState', login.relayState],
      ]);
      await expectProblem(await postAcsRaw(api, twice), 400, samlResponse);
      expect(await snapshotAuthState(api)).toEqual(before);
    });

    it.each([
      ['not base64', () => '%%% not base64 %%%'],
      ['base64 of something that is not XML', () => base64('{"SAMLResponse": "json"}')],
      ['base64 of binary bytes', () => base64(Buffer.concat([Buffer.of(0), randomBytes(511)]))],
      ['deflated, as for the HTTP-Redirect binding', (xml: string) => base64(deflateRawSync(xml))],
    ])('a SAMLResponse that is %s', async (_label, encode) => {
      const login = await startLogin(api);
      const samlResponse = encode(decode(idpResponse(api, login)));
      const before = await snapshotAuthState(api);

      const acs = await postAcs(api, samlResponse, login.relayState);
      await expectProblem(acs, 400, samlResponse);
      expect(await snapshotAuthState(api)).toEqual(before);
    });

    it('a DOCTYPE with internal entities, quickly and without expanding them', async () => {
      const login = await startLogin(api);
      const xml = withEntityExpansion(decode(idpResponse(api, login)), ADA.firstName);
      const samlResponse = base64(xml);
      const before = await snapshotAuthState(api);

      const started = Date.now();
      const acs = await postAcs(api, samlResponse, login.relayState);
      expect(Date.now() - started).toBeLessThan(1000);
      await expectProblem(acs, 400, samlResponse);
      expect(await snapshotAuthState(api)).toEqual(before);
    });

    it('a SAMLResponse in the query string', async () => {
      const login = await startLogin(api);
      const samlResponse = idpResponse(api, login);
      const before = await snapshotAuthState(api);
      const form = new URLSearchParams({
        SAMLResponse: samlResponse,
        RelayState: login.relayState,
      });
      const query = `?${new URLSearchParams({ SAMLResponse: samlResponse }).toString()}`;

      const acs = await postAcsRaw(api, form, query);
      expect((await expectProblem(acs, 400, samlResponse)).detail).toMatch(/POST body/);
      expect(await snapshotAuthState(api)).toEqual(before);
    });

    it(`a form over the ${BODY_LIMITS.form}-byte limit: 413, not 500`, async () => {
      const login = await startLogin(api);
      const oversized = 'A'.repeat(BODY_LIMITS.form + 1);
      const before = await snapshotAuthState(api);
      const form = new URLSearchParams({ SAMLResponse: oversized, RelayState: login.relayState });

      await expectProblem(await postAcsRaw(api, form), 413, oversized);
      expect(await snapshotAuthState(api)).toEqual(before);
    });
  });
});
