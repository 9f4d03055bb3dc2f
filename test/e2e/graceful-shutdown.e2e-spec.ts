import { DataSource } from 'typeorm';
import { startApi } from '../support/api-harness';
import { accepts, pause, slowTokenRequest } from '../support/slow-request';

/**
 * What `app.close()` does, which is what SIGTERM triggers (`enableShutdownHooks`); the real
 * signal on the real process is in sigterm.e2e-spec.ts.
 */
describe('graceful shutdown', () => {
  it('stops accepting, lets an in-flight request finish, then closes the pool', async () => {
    const api = await startApi();
    const port = Number(new URL(api.url).port);
    const dataSource = api.app.get(DataSource);
    const inFlight = slowTokenRequest(api.url);
    await pause(100);

    let closed = false;
    const closing = api.app.close().then(() => (closed = true));
    await pause(200);
    expect(closed).toBe(false);
    expect(await accepts(port)).toBe(false);

    inFlight.finish();
    const response = await inFlight.response;
    // invalid_grant: the request reached the database while the server was draining.
    expect(response).toMatchObject({ status: 400, connection: 'close' });
    expect(JSON.parse(response.body)).toMatchObject({ error: 'invalid_grant' });
    await closing;
    expect(dataSource.isInitialized).toBe(false);
    await api.db.drop();
  });

  it('cuts what is still open after SHUTDOWN_TIMEOUT_MS', async () => {
    const api = await startApi({ env: { SHUTDOWN_TIMEOUT_MS: '300' } });
    const stuck = slowTokenRequest(api.url);
    const outcome = stuck.response.then(
      () => 'answered',
      () => 'cut',
    );
    await pause(100);

    const started = Date.now();
    await api.app.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await outcome).toBe('cut');
    await api.db.drop();
  });
});
