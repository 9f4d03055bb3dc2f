import { RequestMethod } from '@nestjs/common';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { IS_PUBLIC_KEY } from '@app/auth';
import { ApiHarness, startApi } from '../support/api-harness';

interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** Every route Express actually serves, read from its router. */
function servedRoutes(api: ApiHarness): string[] {
  const express = api.app.getHttpAdapter().getInstance() as { router: { stack: RouterLayer[] } };
  // `{*path}` is the platform's catch-all (404 and CORS preflight), not an application route.
  return express.router.stack
    .filter((layer) => layer.route && !layer.route.path.includes('{*'))
    .flatMap((layer) => Object.keys(layer.route?.methods ?? {}).map((m) => `${m.toUpperCase()} ${layer.route?.path}`));
}

/** Routes whose handler or controller carries `@Public()`, read from Nest's metadata. */
function publicRoutes(api: ApiHarness): string[] {
  const modules = [...api.app.get(ModulesContainer).values()];
  const controllers = modules.flatMap((module) => [...module.controllers.values()]);
  const reflector = api.app.get(Reflector);
  const scanner = new MetadataScanner();
  return controllers.flatMap(({ instance, metatype }) => {
    if (!instance || !metatype) return [];
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    const base = String(Reflect.getMetadata('path', metatype) ?? '');
    return scanner.getAllMethodNames(prototype).flatMap((name) => {
      const handler = prototype[name] as () => unknown;
      const path = Reflect.getMetadata('path', handler) as string | undefined;
      if (path === undefined) return [];
      const isPublic = reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [handler, metatype]);
      const method = RequestMethod[Reflect.getMetadata('method', handler) as number];
      const full = `/${[base, path].map((p) => p.replace(/^\/|\/$/g, '')).filter(Boolean).join('/')}`;
      return isPublic ? [`${method} ${full}`] : [];
    });
  });
}

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
    const open = new Set(publicRoutes(api));
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

  it('keeps the public surface to the sign-in endpoints, JWKS, health and the example', () => {
    expect(publicRoutes(api).sort()).toEqual(
      [
        'GET /.well-known/jwks.json',
        'GET /auth/saml/login',
        'GET /auth/saml/metadata',
        'GET /greetings/public',
        'GET /health',
        'POST /auth/saml/acs',
        'POST /auth/token',
      ].sort(),
    );
  });
});
