import { RequestMethod } from '@nestjs/common';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { IS_PUBLIC_KEY } from '@app/auth';
import { ApiHarness } from './api-harness';

/** The OpenAPI UI and document, mounted on the server directly (not through a controller). */
export const DOCS_ROUTES = [
  'GET /docs',
  'GET /docs/',
  'GET /docs/*',
  'GET /docs/index.html',
  'GET /docs/LICENSE',
  'GET /docs/swagger-ui-init.js',
  'GET /docs/docs/swagger-ui-init.js',
  'GET /docs-json',
];

// One line of the router's tree: indentation, a branch, a path segment, its methods.
const TREE_LINE = /^([│ ]*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/;

/**
 * Every route the server serves, as `METHOD /path`, read from the router itself (its printed
 * tree: each line's segment continues the path of the line it hangs under). HEAD routes that
 * come with each GET, and the catch-all CORS preflight, are the platform's, not the app's.
 */
export function servedRoutes(api: ApiHarness): string[] {
  const tree = api.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
  const prefixes: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = TREE_LINE.exec(line);
    if (!match) {
      continue;
    }
    const [, indent, segment, methods] = match;
    const depth = indent.length / 4;
    prefixes.length = depth;
    const path = `${prefixes.join('')}${segment}`;
    prefixes.push(segment);
    if (path === '*') {
      continue;
    }
    const served = (methods ?? '').split(', ').filter((m) => m !== '' && m !== 'HEAD');
    routes.push(...served.map((method) => `${method} ${path}`));
  }
  return routes;
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
