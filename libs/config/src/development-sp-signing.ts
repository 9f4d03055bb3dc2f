import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { AppConfig } from './app-config';
import { DevelopmentKeyPairSpec, KeyPairPem, loadOrCreateKeyPair } from './x509/stored-key-pair';

export type SpSigningKeyPair = KeyPairPem;

const SP_KEY_PAIR: DevelopmentKeyPairSpec = {
  commonName: 'saml-sp.localhost',
  organization: 'Development SP (not for production)',
  keyFile: 'sp-signing-key.pem',
  certFile: 'sp-signing-cert.pem',
};

/**
 * In development without SAML_SP_PRIVATE_KEY, AuthnRequests are signed with a generated key
 * whose certificate SP metadata publishes, so signing is exercised before production. Tests
 * and production keep what the environment says: unsigned unless a key is configured (Okta
 * does not require signed requests).
 */
export function withDevelopmentSpSigning(config: AppConfig): AppConfig {
  if (config.env !== 'development' || config.saml.spSigning !== null) {
    return config;
  }
  const dir = developmentSpKeyDir(config.dataDir);
  const pair = loadOrCreateSpSigningKeyPair(dir);
  new Logger('AppConfig').log({ event: 'saml_sp_dev_key_loaded', dir });
  const spSigning = { privateKeyPem: pair.privateKeyPem, certificates: [pair.certPem] };
  return { ...config, saml: { ...config.saml, spSigning } };
}

/** Where development keeps the SP's AuthnRequest signing key: `DATA_DIR/sp`. */
export function developmentSpKeyDir(dataDir: string): string {
  return join(dataDir, 'sp');
}

/**
 * The SP signing key and self-signed certificate that development uses when
 * SAML_SP_PRIVATE_KEY is unset, created on first use and kept, so the certificate an IdP was
 * given stays valid across restarts. `npm start` calls it before the API and the dev IdP
 * start, so both read the same pair.
 */
export function loadOrCreateSpSigningKeyPair(dir: string, now = new Date()): SpSigningKeyPair {
  return loadOrCreateKeyPair(dir, SP_KEY_PAIR, now);
}
