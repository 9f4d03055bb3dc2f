import { createServer, Server, Socket } from 'node:net';
import { Pool, PoolClient } from 'pg';
import { poolOptions } from '@app/database';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const LIMITS = { poolSize: 2, connectTimeoutMs: 500, statementTimeoutMs: 300 };

/** A loopback TCP relay to Postgres that can stop passing bytes on, like a server that hangs. */
interface FreezableRelay {
  port: number;
  frozen: boolean;
  close(): Promise<void>;
}

async function startRelay(targetPort: number): Promise<FreezableRelay> {
  const sockets = new Set<Socket>();
  const relay: FreezableRelay = { port: 0, frozen: false, close: () => Promise.resolve() };
  const pipe = (from: Socket, to: Socket, held: Buffer[]): void => {
    from.on('data', (chunk: Buffer) => (relay.frozen ? held.push(chunk) : to.write(chunk)));
  };
  const server: Server = createServer((client) => {
    const upstream = new Socket().connect(targetPort, '127.0.0.1');
    const held: Buffer[] = [];
    [client, upstream].forEach((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => [client, upstream].forEach((other) => other.destroy()));
    });
    pipe(client, upstream, held);
    pipe(upstream, client, []);
    // Once thawed, what the client sent meanwhile reaches the server, in order.
    const flush = setInterval(() => {
      if (!relay.frozen && held.length > 0) {
        upstream.write(Buffer.concat(held.splice(0)));
      }
    }, 20);
    client.on('close', () => clearInterval(flush));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  relay.port = typeof address === 'object' && address ? address.port : 0;
  relay.close = () => {
    sockets.forEach((socket) => socket.destroy());
    return new Promise((done) => server.close(() => done()));
  };
  return relay;
}

/**
 * As TypeORM does: take a client, query, give it back without an error (pg-pool's own `query`
 * would discard a client after any error, which hides what a TypeORM request would meet).
 */
async function queryAsTypeorm(pool: Pool, sql: string): Promise<unknown[]> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<Record<string, unknown>>(sql);
    return rows;
  } finally {
    client.release();
  }
}

/**
 * The pool settings that bound a request's wait on the database: a slow statement is cancelled
 * by the server, and a server that does not answer at all costs a bounded wait, after which its
 * connection is discarded rather than handed to the next request mid-transaction.
 */
describe('database pool timeouts', () => {
  let db: TestDatabase;
  let relay: FreezableRelay;
  let pool: Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.query('CREATE TABLE marks (id integer)');
    relay = await startRelay(Number(new URL(db.url).port));
    const url = Object.assign(new URL(db.url), { port: String(relay.port) }).toString();
    pool = new Pool({ connectionString: url, ...poolOptions(LIMITS) });
  });

  afterAll(async () => {
    relay.frozen = false;
    await pool.end();
    await relay.close();
    await db.drop();
  });

  it('has a slow statement cancelled by the server (statement_timeout)', async () => {
    const startedAt = Date.now();
    await expect(pool.query('SELECT pg_sleep(5)')).rejects.toMatchObject({ code: '57014' });
    expect(Date.now() - startedAt).toBeLessThan(2000);
    await expect(pool.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
  });

  it('gives up on a server that does not answer and never reuses that session', async () => {
    const client: PoolClient = await pool.connect();
    await client.query('BEGIN');
    await client.query('INSERT INTO marks VALUES (1)');
    relay.frozen = true;

    const startedAt = Date.now();
    await expect(client.query('SELECT 1')).rejects.toThrow('Query read timeout');
    const waitedMs = Date.now() - startedAt;
    expect(waitedMs).toBeLessThan(LIMITS.statementTimeoutMs + 1500);
    client.release();
    // The next request gets a new connection, which cannot open while the server is silent.
    await expect(queryAsTypeorm(pool, 'SELECT 1')).rejects.toThrow(/timeout/i);

    relay.frozen = false;
    // The abandoned session's transaction was never committed, and no later query runs in it.
    await expect(queryAsTypeorm(pool, 'SELECT count(*)::int AS n FROM marks')).resolves.toEqual([
      { n: 0 },
    ]);
    const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM marks');
    expect(rows).toEqual([{ n: 0 }]);
  });
});
