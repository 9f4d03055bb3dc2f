import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from '@app/config';
import { AppModule, AppModuleOptions } from './app.module';
import { BODY_LIMITS, registerBodyParsers, REQUEST_TIMEOUT_MS } from './http/body-parsers';
import { ProxyTrust } from './http/proxy-trust';
import { bindRequestContext } from './http/request-context';
import { echoRequestId, requestIdFor } from './http/request-id';
import { securityHeaders } from './http/security-headers';
import { setupOpenApi } from './openapi/openapi.setup';

export { BODY_LIMITS };

/**
 * Builds the configured API application (not yet listening). `main.ts` and the end-to-end
 * tests both use it, so tests exercise exactly what production runs. The platform is Fastify:
 * measured against Express with this whole app in `docs/performance.md`.
 */
export async function createApp(options: AppModuleOptions = {}): Promise<NestFastifyApplication> {
  const proxyTrust = new ProxyTrust();
  const adapter = new FastifyAdapter({
    trustProxy: proxyTrust.check,
    bodyLimit: BODY_LIMITS.json,
    requestTimeout: REQUEST_TIMEOUT_MS,
    genReqId: requestIdFor,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(options),
    adapter,
    { bufferLogs: true, bodyParser: false },
  );
  app.useLogger(app.get(Logger));
  const config = app.get<AppConfig>(APP_CONFIG);
  proxyTrust.configure(config.http.trustProxy);

  app.use(echoRequestId);
  app.use(securityHeaders(config.openApi.enabled ? config.openApi.path : null));
  registerBodyParsers(app);
  bindRequestContext(app);
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
