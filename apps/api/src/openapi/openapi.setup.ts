import { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import { AppConfig } from '@app/config';
import { buildOpenApiDocument } from './openapi-document';

/**
 * Serves the OpenAPI UI at `/<OPENAPI_PATH>` and the JSON document at `/<OPENAPI_PATH>-json`.
 * Both are mounted on the HTTP server directly, not through a controller, so the JWT guard
 * never sees them: the docs are public wherever they are enabled (off in production unless
 * OPENAPI_ENABLED=true).
 */
export function setupOpenApi(app: INestApplication, config: AppConfig): void {
  if (!config.openApi.enabled) {
    return;
  }
  const { path } = config.openApi;
  SwaggerModule.setup(path, app, () => buildOpenApiDocument(app), {
    raw: ['json'],
    jsonDocumentUrl: `${path}-json`,
    customSiteTitle: 'SAML sign-in API',
  });
}
