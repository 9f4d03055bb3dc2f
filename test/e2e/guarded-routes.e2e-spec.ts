import { ApiHarness, startApi } from '../support/api-harness';
import { DOCS_ROUTES, publicRoutes, servedRoutes } from '../support/served-routes';

describe('every route is closed unless marked @Public()', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  it('answers 401 without a token on every served route that is not public', async () => {
    const routes = servedRoutes(api);
    // The OpenAPI page is mounted outside the controllers, where the JWT guard does not reach.
    const open = new Set([...publicRoutes(api), ...DOCS_ROUTES]);
    expect(routes.length).toBeGreaterThan(8);
    expect([...open].every((route) => routes.includes(route))).toBe(true);

    for (const route of routes) {
      const [method, path] = route.split(' ');
      const response = await fetch(`${api.url}${path}`, { method, redirect: 'manual' });
      if (open.has(route)) {
        expect({ route, status: response.status }).not.toEqual({ route, status: 401 });
      } else {
        expect({ route, status: response.status }).toEqual({ route, status: 401 });
      }
    }
  });

  it('keeps the public surface to sign-in, JWKS, health, the docs and the example', () => {
    expect(publicRoutes(api).sort()).toEqual(
      [
        'GET /.well-known/jwks.json',
        'GET /auth/saml/login',
        'GET /auth/saml/metadata',
        'GET /auth/saml/slo',
        'GET /greetings/public',
        'GET /health',
        'GET /health/live',
        'GET /health/ready',
        'POST /auth/saml/acs',
        'POST /auth/saml/slo',
        'POST /auth/token',
      ].sort(),
    );
    const docs = servedRoutes(api).filter((route) => /^GET \/docs\b/.test(route));
    expect(docs.sort()).toEqual([...DOCS_ROUTES].sort());
  });
});
