import { Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig, InvalidConfigurationError } from '@app/config';
import { createApp } from './create-app';

async function bootstrap(): Promise<void> {
  const app = await createApp();
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen(config.http.port, config.http.host);
  new Logger('Bootstrap').log({ event: 'api_listening', url: await app.getUrl(), env: config.env });
}

bootstrap().catch((error: unknown) => {
  // A configuration problem is the operator's to fix: print the list, not a stack trace.
  if (error instanceof InvalidConfigurationError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `API failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
  }
  process.exit(1);
});
