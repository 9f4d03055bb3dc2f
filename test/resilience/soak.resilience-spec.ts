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
} from './support/timed-fetch';

const BUILD_TIMEOUT_MS = 180_000;
/** Kept short by default so the suite stays bounded; RESILIENCE_SOAK_SECONDS runs it longer. */
const SOAK_SECONDS = Number(process.env.RESILIENCE_SOAK_SECONDS ?? 30);
const WORKERS = 6;
const GUARDED_CALLS_PER_SESSION = 5;

interface Tally {
  sessions: number;
  lostSessions: number;
  answers: Record<string, number>;
}

/**
 * Mixed traffic over both processes for a bounded time: each simulated user signs in with its
 * steps spread over A and B, makes guarded calls, refreshes twice and signs out.
 */
describe('a soak of mixed load over two API processes', () => {
  let removeBuild: (() => void) | undefined;
  let db: TestDatabase;
  let apis: ApiProcess[] = [];

  beforeAll(async () => {
    const build = buildApiInto('soak');
    removeBuild = () => build.remove();
    db = await createTestDatabase();
    const shared = sharedConfig(db.url, 'http://127.0.0.1:5997');
    apis = [
      await startApiProcess(build.mainJs, shared),
      await startApiProcess(build.mainJs, shared),
    ];
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all(apis.map((api) => api.stop()));
    await db?.drop();
    removeBuild?.();
  });

  it(
    'answers without a 5xx, loses no session and keeps its memory',
    async () => {
      const rssStart = apis.map((api) => api.rssMb());
      const tally: Tally = { sessions: 0, lostSessions: 0, answers: {} };
      const deadline = Date.now() + SOAK_SECONDS * 1000;
      await Promise.all(
        Array.from({ length: WORKERS }, async (_, worker) => {
          for (let round = worker; Date.now() < deadline; round += 1) {
            await oneSession(apis[round % 2], apis[(round + 1) % 2], tally);
          }
        }),
      );
      const rssEnd = apis.map((api) => api.rssMb());
      console.info({ event: 'soak_figures', seconds: SOAK_SECONDS, rssStart, rssEnd, ...tally });

      const failures = Object.keys(tally.answers).filter((s) => s === '0' || Number(s) >= 500);
      expect(failures).toEqual([]);
      expect(tally.lostSessions).toBe(0);
      expect(tally.sessions).toBeGreaterThan(0);
      // Flat enough: a leak of per-request state would grow with the thousands of requests made.
      rssEnd.forEach((end, i) => expect(end).toBeLessThan(rssStart[i] * 2 + 50));
    },
    (SOAK_SECONDS + 60) * 1000,
  );
});

/** One user's session, each step on the process a load balancer without stickiness might pick. */
async function oneSession(first: ApiProcess, second: ApiProcess, tally: Tally): Promise<void> {
  const note = (answer: Answer): Answer => {
    const key = String(answer.status);
    tally.answers[key] = (tally.answers[key] ?? 0) + 1;
    return answer;
  };
  const { login, samlResponse } = await preparedLogin(first);
  const code = codeOf(note(await acs(second, samlResponse, login.relayState)));
  const exchanged = note(await exchange(first, login, code ?? ''));
  if (exchanged.status !== 200) {
    tally.lostSessions += 1;
    return;
  }
  let tokens = JSON.parse(exchanged.body) as { access_token: string; refresh_token: string };
  for (const api of [second, first]) {
    for (let i = 0; i < GUARDED_CALLS_PER_SESSION; i += 1) {
      note(await greet(i % 2 === 0 ? api : first, tokens.access_token));
    }
    const refreshed = note(await refresh(api, tokens.refresh_token));
    if (refreshed.status !== 200) {
      tally.lostSessions += 1;
      return;
    }
    tokens = JSON.parse(refreshed.body) as typeof tokens;
  }
  note(await logout(second, tokens.access_token, tokens.refresh_token));
  tally.sessions += 1;
}
