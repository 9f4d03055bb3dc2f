import { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { assertDevIdpOptions, DevIdpOptions } from './dev-idp-options';
import { DevIdpModule } from './dev-idp.module';

/**
 * Creates the dev IdP's Nest application without listening, so callers choose host and port
 * (tests use port 0). `appOptions.logger` lets tests silence Nest's start-up lines.
 */
export async function createDevIdpApp(
  opts: DevIdpOptions,
  appOptions: Pick<NestApplicationOptions, 'logger'> = {},
): Promise<INestApplication> {
  assertDevIdpOptions(opts);

  const app = await NestFactory.create<NestExpressApplication>(DevIdpModule.forRoot(opts), {
    ...appOptions,
    // Throw instead of aborting the process, so a test sees the error.
    abortOnError: false,
  });
  app.disable('x-powered-by');
  return app;
}
