import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from '@app/config';
import { AppModule, AppModuleOptions } from './app.module';
import { bindRequestContext } from './http/request-context.middleware';
import { assignRequestId } from './http/request-id';
import { securityHeaders } from './http/security-headers';
import { setupOpenApi } from './openapi/openapi.setup';

/** Documented request body limits: the ACS form holds a base64 SAMLResponse (≤ 256 KiB XML). */
export const BODY_LIMITS = { json: '64kb', form: '512kb' } as const;

/**
 * Builds the configured API application (not yet listening). `main.ts` and the end-to-end
 * tests both use it, so tests exercise exactly what production runs.
 */
export async function createApp(options: AppModuleOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  const config = app.get<AppConfig>(APP_CONFIG);

  app.set('trust proxy', config.http.trustProxy);
  app.disable('x-powered-by');
  app.use(assignRequestId);
  app.use(securityHeaders(config.openApi.enabled ? config.openApi.path : null));
  app.useBodyParser('json', { limit: BODY_LIMITS.json });
  app.useBodyParser('urlencoded', { limit: BODY_LIMITS.form, extended: false });
  app.use(bindRequestContext);
  app.enableCors({
    origin: config.auth.corsOrigins,
    methods: ['GET', 'POST'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'Retry-After'],
    maxAge: 600,
  });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: false }));
  setupOpenApi(app, config);
  app.enableShutdownHooks();
  return app;
}
