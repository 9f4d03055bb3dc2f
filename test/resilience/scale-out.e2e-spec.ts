import { buildApiInto } from '../support/built-api';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { ApiProcess, sharedConfig, startApiProcess } from './support/api-process';
import {
  acs,
  Answer,
  codeOf,
  exchange,
  greet,
  logout,
  preparedLogin,
  refresh,
  Tokens,
  tokensOf,
} from './support/timed-fetch';

const BUILD_TIMEOUT_MS = 180_000;
/** Each race is run this many times, each time with this many requests split over A and B. */
const ROUNDS = 10;
const CONCURRENT = 10;

/**
 * Two built API processes on one database, as behind a load balancer without sticky sessions:
 * every step of a sign-in may land on either, and every race between them has one outcome.
 */
describe('two API processes on one database', () => {
  let removeBuild: (() => void) | undefined;
  let db: TestDatabase;
  let a: ApiProcess;
  let b: ApiProcess;

  beforeAll(async () => {
    const build = buildApiInto('scale-out');
    removeBuild = () => build.remove();
    db = await createTestDatabase();
    // Both sign for one public address, as instances behind one load balancer do.
    const shared = sharedConfig(db.url, 'http://127.0.0.1:5997');
    a = await startApiProcess(build.mainJs, shared);
    b = await startApiProcess(build.mainJs, shared);
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
    removeBuild?.();
  });

  /** Alternates A and B, so half of any burst lands on each process. */
  const either = (i: number): ApiProcess => (i % 2 === 0 ? a : b);

  async function signInAcross(): Promise<Tokens> {
    const { login, samlResponse } = await preparedLogin(a);
    const code = codeOf(await acs(b, samlResponse, login.relayState));
    expect(code).toBeTruthy();
    return tokensOf(await exchange(a, login, code ?? ''));
  }

  it('signs in with each step on either process, and logout ends the session on both', async () => {
    const { login, samlResponse } = await preparedLogin(a);
    const redirected = await acs(b, samlResponse, login.relayState);
    const code = codeOf(redirected);
    expect(code).toBeTruthy();
    const first = tokensOf(await exchange(a, login, code ?? ''));
    expect((await greet(b, first.access_token)).status).toBe(200);

    const second = tokensOf(await refresh(b, first.refresh_token));
    expect((await greet(a, second.access_token)).status).toBe(200);
    expect((await logout(a, second.access_token, second.refresh_token)).status).toBe(204);

    expect((await refresh(a, second.refresh_token)).status).toBe(400);
    expect((await refresh(b, second.refresh_token)).status).toBe(400);
  });

  it('exchanges a code exactly once when both processes race for it', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const { login, samlResponse } = await preparedLogin(b);
      const code = codeOf(await acs(a, samlResponse, login.relayState)) ?? '';
      const answers = await Promise.all(
        Array.from({ length: CONCURRENT }, (_, i) => exchange(either(i), login, code)),
      );
      expect(statuses(answers)).toEqual(expected(200, 1, 400));
      // A second presentation of a code revokes what the first one issued (RFC 6749 §4.1.2).
      const winner = tokensOf(onlyOk(answers));
      expect((await refresh(a, winner.refresh_token)).status).toBe(400);
    }
  });

  it('rotates a refresh token once and then revokes its family, every time', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const session = await signInAcross();
      const answers = await Promise.all(
        Array.from({ length: CONCURRENT }, (_, i) => refresh(either(i), session.refresh_token)),
      );
      expect(statuses(answers)).toEqual(expected(200, 1, 400));

      // The strict policy: the later presentations are reuse, so the winner's token is dead too.
      const winner = tokensOf(onlyOk(answers));
      expect((await refresh(b, winner.refresh_token)).status).toBe(400);
      const families = await db.query<{ revoked_reason: string | null; live: string }>(
        `SELECT f.revoked_reason,
                (SELECT count(*) FROM refresh_tokens t
                  WHERE t.family_id = f.id AND t.rotated_at IS NULL) AS live
           FROM refresh_token_families f JOIN refresh_tokens t ON t.family_id = f.id
          WHERE t.token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
        [session.refresh_token],
      );
      // One rotation: the original token is retired, its one successor is revoked with it.
      expect(families).toEqual([{ revoked_reason: 'refresh_token_reuse', live: '1' }]);
    }
  });

  it('turns one SAML response posted to both processes into exactly one code', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const { login, samlResponse } = await preparedLogin(a);
      const answers = await Promise.all(
        Array.from({ length: CONCURRENT }, (_, i) =>
          acs(either(i), samlResponse, login.relayState),
        ),
      );
      const codes = answers.map(codeOf).filter((code): code is string => code !== null);
      expect(codes).toHaveLength(1);
      expect(answers.filter((answer) => answer.status === 0 || answer.status >= 500)).toEqual([]);
      expect((await exchange(b, login, codes[0])).status).toBe(200);
    }
  });

  it('leaves no working token of a family when logout races a refresh', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const session = await signInAcross();
      const [ended, ...refreshed] = await Promise.all([
        logout(a, session.access_token, session.refresh_token),
        ...Array.from({ length: CONCURRENT / 2 }, (_, i) =>
          refresh(either(i + 1), session.refresh_token),
        ),
      ]);
      expect(ended.status).toBe(204);
      expect(refreshed.every((answer) => [200, 400].includes(answer.status))).toBe(true);

      const issued = refreshed.filter((answer) => answer.status === 200).map(tokensOf);
      const everyToken = [session.refresh_token, ...issued.map((t) => t.refresh_token)];
      for (const token of everyToken) {
        expect((await refresh(a, token)).status).toBe(400);
        expect((await refresh(b, token)).status).toBe(400);
      }
    }
  });
});

function statuses(answers: Answer[]): number[] {
  return answers.map((answer) => answer.status).sort((x, y) => x - y);
}

/** `count` answers of `status` and the rest of `others`, sorted as `statuses` sorts. */
function expected(status: number, count: number, others: number): number[] {
  const list = [
    ...Array<number>(count).fill(status),
    ...Array<number>(CONCURRENT - count).fill(others),
  ];
  return list.sort((x, y) => x - y);
}

function onlyOk(answers: Answer[]): Answer {
  const ok = answers.filter((answer) => answer.status === 200);
  expect(ok).toHaveLength(1);
  return ok[0];
}
