import { Client } from 'pg';
import { expectProblem } from '../support/acs-expectations';
import { ApiHarness, startApi } from '../support/api-harness';

describe('health', () => {
  let api: ApiHarness;
  const databaseName = (): string => new URL(api.db.url).pathname.slice(1);

  /** Runs SQL as the run's Postgres administrator, from outside the API's database. */
  async function asAdmin(sql: string, params: unknown[] = []): Promise<void> {
    const admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(sql, params);
    } finally {
      await admin.end();
    }
  }

  /** Refuses new connections to the API's database and ends the API's open ones. */
  async function cutDatabase(): Promise<void> {
    const [ours] = await api.db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await asAdmin(`ALTER DATABASE ${databaseName()} ALLOW_CONNECTIONS false`);
    await asAdmin(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> $2`,
      [databaseName(), ours.pid],
    );
  }

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  it('is live and ready: the database answers and the IdP configuration is loaded', async () => {
    const live = await fetch(`${api.url}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: 'ok' });

    for (const path of ['/health/ready', '/health']) {
      const ready = await fetch(`${api.url}${path}`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        status: 'ok',
        info: { database: { status: 'up' }, idp: { status: 'up', certificates: 1 } },
      });
    }
  });

  it('is live but not ready while the database is unreachable, and ready again after', async () => {
    await cutDatabase();
    try {
      expect((await fetch(`${api.url}/health/live`)).status).toBe(200);
      for (const path of ['/health/ready', '/health']) {
        const problem = await expectProblem(await fetch(`${api.url}${path}`), 503);
        expect(problem.detail).toBe('Not ready: database down');
      }
    } finally {
      await asAdmin(`ALTER DATABASE ${databaseName()} ALLOW_CONNECTIONS true`);
    }
    expect((await fetch(`${api.url}/health/ready`)).status).toBe(200);
  });
});
