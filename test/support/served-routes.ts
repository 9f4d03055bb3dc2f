import { RequestMethod } from '@nestjs/common';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { IS_PUBLIC_KEY } from '@app/auth';
import { ApiHarness } from './api-harness';

interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** The OpenAPI UI and document, mounted on the server directly (not through a controller). */
export const DOCS_ROUTES = [
  'GET /docs',
  'GET /docs/',
  'GET /docs/index.html',
  'GET /docs/LICENSE',
  'GET /docs/swagger-ui-init.js',
  'GET /docs/docs/swagger-ui-init.js',
  'GET /docs-json',
];

/** Every route Express actually serves, as `METHOD /path`, read from its router. */
export function servedRoutes(api: ApiHarness): string[] {
  const express = api.app.getHttpAdapter().getInstance() as { router: { stack: RouterLayer[] } };
  // `{*path}` is the platform's catch-all (404 and CORS preflight), not an application route.
  return express.router.stack
    .filter((layer) => layer.route && !layer.route.path.includes('{*'))
    .flatMap((layer) =>
      Object.keys(layer.route?.methods ?? {}).map((m) => `${m.toUpperCase()} ${layer.route?.path}`),
    );
}

/** Served routes that a controller handles: the API itself, without the docs. */
export function controllerRoutes(api: ApiHarness): string[] {
  return servedRoutes(api).filter((route) => !DOCS_ROUTES.includes(route));
}

/** Routes whose handler or controller carries `@Public()`, read from Nest's metadata. */
export function publicRoutes(api: ApiHarness): string[] {
  const modules = [...api.app.get(ModulesContainer).values()];
  const controllers = modules.flatMap((module) => [...module.controllers.values()]);
  const reflector = api.app.get(Reflector);
  const scanner = new MetadataScanner();
  return controllers.flatMap(({ instance, metatype }) => {
    if (!instance || !metatype) {
      return [];
    }
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    const base = String(Reflect.getMetadata('path', metatype) ?? '');
    return scanner.getAllMethodNames(prototype).flatMap((name) => {
      const handler = prototype[name] as () => unknown;
      const path = Reflect.getMetadata('path', handler) as string | undefined;
      if (path === undefined) {
        return [];
      }
      const isPublic = reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [handler, metatype]);
      const method = RequestMethod[Reflect.getMetadata('method', handler) as number];
      const full = `/${[base, path]
        .map((p) => p.replace(/^\/|\/$/g, ''))
        .filter(Boolean)
        .join('/')}`;
      return isPublic ? [`${method} ${full}`] : [];
    });
  });
}
