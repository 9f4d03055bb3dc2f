import { Logger } from '@nestjs/common';
import { createDevIdpApp } from './dev-idp.app';
import { readDevIdpConfig } from './dev-idp.config';
import { loadOrCreateDevIdpKeys } from './keys/dev-idp-keys';

async function bootstrap(): Promise<void> {
  const logger = new Logger('DevIdp');
  // It signs in whoever clicks a button, so it must never stand in for a real IdP.
  if (process.env.NODE_ENV === 'production') {
    logger.error('refusing to start: NODE_ENV is production and this IdP trusts anyone');
    process.exit(1);
  }

  const config = readDevIdpConfig(process.env);
  const keys = loadOrCreateDevIdpKeys(config.keysDir);
  const app = await createDevIdpApp({
    issuer: config.issuer,
    spEntityId: config.spEntityId,
    spAcsUrl: config.spAcsUrl,
    publicUrl: config.publicUrl,
    encryptionCertPem: config.encryptionCertPem ?? undefined,
    spCertPem: config.spCertPem ?? undefined,
    keys,
  });
  app.enableShutdownHooks();

  await app.listen(config.port, config.host);
  logger.log(`listening on ${await app.getUrl()}; metadata at ${config.publicUrl}/metadata`);
}

bootstrap().catch((error: unknown) => {
  // Configuration and key-file errors carry no secrets; they are what the developer must fix.
  const message = error instanceof Error ? error.message : String(error);
  new Logger('DevIdp').error(`failed to start: ${message}`);
  process.exit(1);
});
