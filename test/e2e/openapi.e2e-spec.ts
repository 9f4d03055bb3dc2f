import { generateKeyPairSync } from 'node:crypto';
import { OpenAPIObject } from '@nestjs/swagger';
import { ApiHarness, startApi } from '../support/api-harness';
import { controllerRoutes, publicRoutes } from '../support/served-routes';

type Document = OpenAPIObject;
type Operation = NonNullable<Document['paths'][string]['get']>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** `METHOD /path` for each operation, with OpenAPI `{param}` written the Express way. */
function documentedRoutes(document: Document): Map<string, Operation> {
  const entries = Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      const route = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
      return operation ? [[route, operation] as const] : [];
    }),
  );
  return new Map(entries);
}

async function fetchDocument(api: ApiHarness, path = '/docs-json'): Promise<Document> {
  const response = await fetch(`${api.url}${path}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Document;
}

describe('OpenAPI document', () => {
  let api: ApiHarness;
  let document: Document;

  beforeAll(async () => {
    api = await startApi();
    document = await fetchDocument(api);
  });

  afterAll(async () => {
    await api.close();
  });

  it('lists every route the API serves, and no other', () => {
    const served = controllerRoutes(api).sort();
    expect(served.length).toBeGreaterThan(10);
    expect([...documentedRoutes(document).keys()].sort()).toEqual(served);
  });

  it('describes every operation: summary, tag and a description for each response', () => {
    for (const [route, operation] of documentedRoutes(document)) {
      expect({ route, summary: typeof operation.summary }).toEqual({ route, summary: 'string' });
      expect({ route, tags: operation.tags?.length ?? 0 }).not.toEqual({ route, tags: 0 });
      const success = Object.keys(operation.responses).filter((status) => /^[23]/.test(status));
      expect({ route, success: success.length }).not.toEqual({ route, success: 0 });
      for (const [status, response] of Object.entries(operation.responses)) {
        const description = response && 'description' in response ? response.description : '';
        expect({ route, status, described: description.length > 0 }).toEqual({
          route,
          status,
          described: true,
        });
      }
    }
  });

  it('declares the bearer scheme and requires it exactly where the JWT guard does', () => {
    expect(document.components?.securitySchemes?.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    const open = new Set(publicRoutes(api));
    for (const [route, operation] of documentedRoutes(document)) {
      const expected = open.has(route) ? [] : [{ bearer: [] }];
      expect({ route, security: operation.security }).toEqual({ route, security: expected });
    }
  });

  it('documents every property of every schema', () => {
    const schemas = Object.entries(document.components?.schemas ?? {});
    expect(schemas.length).toBeGreaterThan(8);
    for (const [name, schema] of schemas) {
      const properties = Object.entries('properties' in schema ? (schema.properties ?? {}) : {});
      expect({ name, properties: properties.length }).not.toEqual({ name, properties: 0 });
      for (const [property, definition] of properties) {
        const described = 'description' in definition && typeof definition.description === 'string';
        expect({ name, property, described }).toEqual({ name, property, described: true });
      }
    }
  });

  it('serves the UI at /docs', async () => {
    const response = await fetch(`${api.url}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('swagger-ui-init.js');
  });
});

describe('OpenAPI in production', () => {
  const production = {
    NODE_ENV: 'production',
    JWT_PRIVATE_KEY: String(
      generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
        format: 'pem',
        type: 'pkcs8',
      }),
    ),
  };

  it('is off unless enabled', async () => {
    const api = await startApi({ env: production });
    try {
      expect((await fetch(`${api.url}/docs`)).status).toBe(404);
      expect((await fetch(`${api.url}/docs-json`)).status).toBe(404);
    } finally {
      await api.close();
    }
  });

  it('is served at OPENAPI_PATH when OPENAPI_ENABLED=true', async () => {
    const api = await startApi({
      env: { ...production, OPENAPI_ENABLED: 'true', OPENAPI_PATH: 'api/docs' },
    });
    try {
      expect((await fetch(`${api.url}/api/docs`)).status).toBe(200);
      expect((await fetchDocument(api, '/api/docs-json')).info.title).toBe('SAML sign-in API');
      expect((await fetch(`${api.url}/docs`)).status).toBe(404);
    } finally {
      await api.close();
    }
  });
});
