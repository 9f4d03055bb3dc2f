import { ApiProcess } from './api-process';
import { Answer, greet, refresh, timedFetch } from './timed-fetch';

const RECOVERY_TIMEOUT_MS = 30_000;

/** A login start's query, PKCE included; `state` names the suite in the API's logs. */
export function loginQuery(state: string): string {
  return new URLSearchParams({
    redirect_uri: 'http://127.0.0.1:5999/callback',
    state,
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  }).toString();
}

/** Guarded calls and bogus refreshes, one after another on each process, until stopped. */
export function startLoad(apis: ApiProcess[], accessToken: string): { stop(): Promise<Answer[]> } {
  const answers: Answer[] = [];
  let running = true;
  const loops = apis.map(async (api) => {
    while (running) {
      answers.push(await greet(api, accessToken));
      answers.push(await refresh(api, 'not-a-token-of-ours'));
      await pause(20);
    }
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return answers;
    },
  };
}

/** Milliseconds until every process reports ready again, after the database came back. */
export async function untilReady(apis: ApiProcess[]): Promise<number> {
  const startedAt = Date.now();
  while (Date.now() - startedAt < RECOVERY_TIMEOUT_MS) {
    const answers = await Promise.all(apis.map((api) => timedFetch(`${api.url}/health/ready`)));
    if (answers.every((answer) => answer.status === 200)) {
      return Date.now() - startedAt;
    }
    await pause(200);
  }
  throw new Error('the API did not recover after the database came back');
}

export function isUnhandled(line: string): boolean {
  return line.includes('"event":"unhandled_error"');
}

export function countStatuses(answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status } of answers) {
    counts[String(status)] = (counts[String(status)] ?? 0) + 1;
  }
  return counts;
}

export function pause(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
