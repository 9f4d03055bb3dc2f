import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  X509Certificate,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { AppConfig } from './app-config';
import { createSelfSignedCertificate } from './x509/self-signed-certificate';

export interface SpSigningKeyPair {
  privateKeyPem: string;
  certPem: string;
}

const KEY_FILE = 'sp-signing-key.pem';
const CERT_FILE = 'sp-signing-cert.pem';
const CERT_LIFETIME_YEARS = 10;
// A little backdating keeps a fresh certificate valid for an IdP whose clock runs behind.
const CERT_BACKDATE_MS = 60 * 60 * 1000;

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
 * SAML_SP_PRIVATE_KEY is unset, created on first use and kept (key mode 0600), so the
 * certificate an IdP was given stays valid across restarts. `npm start` calls it before the
 * API and the dev IdP start, so both read the same pair. A certificate without its key is
 * refused rather than silently replaced.
 */
export function loadOrCreateSpSigningKeyPair(dir: string, now = new Date()): SpSigningKeyPair {
  const keyPath = join(dir, KEY_FILE);
  const certPath = join(dir, CERT_FILE);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(keyPath) && existsSync(certPath)) {
    throw new Error(`${certPath} exists without ${keyPath}; remove it to generate a new pair`);
  }

  if (!existsSync(keyPath)) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    // `wx`: a second process starting at the same moment keeps the first one's key.
    writeIfAbsent(keyPath, pem, 0o600);
  }
  const privateKeyPem = readFileSync(keyPath, 'utf8');
  if (!existsSync(certPath)) {
    writeIfAbsent(certPath, spCertificate(privateKeyPem, now), 0o644);
  }

  const certPem = readFileSync(certPath, 'utf8');
  if (!new X509Certificate(certPem).checkPrivateKey(createPrivateKey(privateKeyPem))) {
    throw new Error(`${certPath} does not belong to ${keyPath}`);
  }
  return { privateKeyPem, certPem };
}

function spCertificate(privateKeyPem: string, now: Date): string {
  const privateKey = createPrivateKey(privateKeyPem);
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + CERT_LIFETIME_YEARS);
  return createSelfSignedCertificate({
    privateKey,
    publicKey: createPublicKey(privateKey),
    commonName: 'saml-sp.localhost',
    organization: 'Development SP (not for production)',
    notBefore: new Date(now.getTime() - CERT_BACKDATE_MS),
    notAfter,
  });
}

function writeIfAbsent(path: string, content: string, mode: number): void {
  try {
    writeFileSync(path, content, { mode, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw error;
    }
  }
}
