import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  X509Certificate,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createSelfSignedCertificate } from '@app/config';

export interface DevIdpKeys {
  privateKeyPem: string;
  certPem: string;
}

const KEY_FILE = 'idp-key.pem';
const CERT_FILE = 'idp-cert.pem';
const CERT_LIFETIME_YEARS = 10;
// A little backdating keeps a fresh certificate valid for verifiers whose clock runs behind.
const CERT_BACKDATE_MS = 60 * 60 * 1000;

function certificateFor(privateKeyPem: string, now = new Date()): string {
  const privateKey = createPrivateKey(privateKeyPem);
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + CERT_LIFETIME_YEARS);

  return createSelfSignedCertificate({
    privateKey,
    publicKey: createPublicKey(privateKey),
    commonName: 'dev-idp.localhost',
    organization: 'Development IdP (not for production)',
    notBefore: new Date(now.getTime() - CERT_BACKDATE_MS),
    notAfter,
  });
}

/** A fresh RSA-2048 key and a self-signed certificate, kept only in memory. */
export function generateDevIdpKeys(): DevIdpKeys {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { privateKeyPem, certPem: certificateFor(privateKeyPem) };
}

function assertPair(keys: DevIdpKeys, dir: string): DevIdpKeys {
  const certificate = new X509Certificate(keys.certPem);
  if (!certificate.checkPrivateKey(createPrivateKey(keys.privateKeyPem))) {
    throw new Error(`${join(dir, CERT_FILE)} does not belong to ${join(dir, KEY_FILE)}`);
  }
  return keys;
}

/**
 * Returns the key pair stored in `dir`, creating it on first use. The key is written with
 * mode 0600 and never overwritten, so a service provider that trusts the certificate keeps
 * working across restarts. A key without its certificate (an interrupted first run) gets a
 * new certificate; a certificate without its key is refused rather than silently replaced.
 */
export function loadOrCreateDevIdpKeys(dir: string): DevIdpKeys {
  const keyPath = join(dir, KEY_FILE);
  const certPath = join(dir, CERT_FILE);
  // Only the key folder is private: its parents (DATA_DIR) are shared with the embedded
  // Postgres, which runs as another user when we are root.
  mkdirSync(dirname(dir), { recursive: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });

  if (!existsSync(keyPath) && existsSync(certPath)) {
    throw new Error(`${certPath} exists without ${keyPath}; remove it to generate a new pair`);
  }

  if (!existsSync(keyPath)) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    writeFileSync(keyPath, pem, { mode: 0o600, flag: 'wx' });
  }

  const privateKeyPem = readFileSync(keyPath, 'utf8');
  if (!existsSync(certPath)) {
    writeFileSync(certPath, certificateFor(privateKeyPem), { mode: 0o644, flag: 'wx' });
  }

  return assertPair({ privateKeyPem, certPem: readFileSync(certPath, 'utf8') }, dir);
}
