import pino from 'pino';
import { loadDemoWebConfig, startDemoWeb } from './index';

const logger = pino({ name: 'demo-web' });

/**
 * The URL to open in a browser. The API matches redirect_uri exactly and the page derives it
 * from its own origin, so on loopback we name `localhost`, the origin the default allowlist
 * uses, rather than the bound address.
 */
function browserUrl(boundUrl: string, host: string): string {
  const url = new URL(boundUrl);
  if (host === '127.0.0.1' || host === 'localhost') {
    url.hostname = 'localhost';
  }
  return url.origin;
}

async function bootstrap(): Promise<void> {
  const config = loadDemoWebConfig();
  const demoWeb = await startDemoWeb(config);
  const url = browserUrl(demoWeb.url, config.host);

  logger.info({ url, apiUrl: config.apiUrl, redirectUri: `${url}/callback` }, 'demo_web.started');

  const stop = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'demo_web.stopping');
    demoWeb.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'demo_web.stop_failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

bootstrap().catch((error: unknown) => {
  // The message names every bad setting (or the port in use); a stack trace adds nothing.
  const reason = error instanceof Error ? error.message : String(error);
  logger.fatal({ reason }, 'demo_web.start_failed');
  process.exit(1);
});
