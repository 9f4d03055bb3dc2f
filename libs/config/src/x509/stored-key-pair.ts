import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  X509Certificate,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createSelfSignedCertificate } from './self-signed-certificate';

/** An RSA private key and the self-signed certificate of its public half, both PEM. */
export interface KeyPairPem {
  privateKeyPem: string;
  certPem: string;
}

/** Who the certificate says it is, and the file names a stored pair uses. */
export interface DevelopmentKeyPairSpec {
  commonName: string;
  organization: string;
  keyFile: string;
  certFile: string;
}

const CERT_LIFETIME_YEARS = 10;
// A little backdating keeps a fresh certificate valid for a peer whose clock runs behind.
const CERT_BACKDATE_MS = 60 * 60 * 1000;

/** A fresh RSA-2048 key and its self-signed certificate, kept only in memory. */
export function generateKeyPairPem(spec: DevelopmentKeyPairSpec, now = new Date()): KeyPairPem {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { privateKeyPem, certPem: certificateFor(privateKeyPem, spec, now) };
}

/**
 * The pair stored in `dir`, created on first use, for development tools whose peers must keep
 * trusting the certificate across restarts. The key is written with mode 0600 and never
 * overwritten; `wx` lets a second process starting at the same moment keep the first one's
 * key. A key without its certificate (an interrupted first run) gets a new certificate; a
 * certificate without its key, or one that is not the key's, is refused rather than replaced.
 */
export function loadOrCreateKeyPair(
  dir: string,
  spec: DevelopmentKeyPairSpec,
  now = new Date(),
): KeyPairPem {
  const keyPath = join(dir, spec.keyFile);
  const certPath = join(dir, spec.certFile);
  // Only the key folder is private: its parents (DATA_DIR) are shared with the embedded
  // Postgres, which runs as another user when we are root.
  mkdirSync(dirname(dir), { recursive: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(keyPath) && existsSync(certPath)) {
    throw new Error(`${certPath} exists without ${keyPath}; remove it to generate a new pair`);
  }

  if (!existsSync(keyPath)) {
    const { privateKeyPem } = generateKeyPairPem(spec, now);
    writeIfAbsent(keyPath, privateKeyPem, 0o600);
  }
  const privateKeyPem = readFileSync(keyPath, 'utf8');
  if (!existsSync(certPath)) {
    writeIfAbsent(certPath, certificateFor(privateKeyPem, spec, now), 0o644);
  }

  const certPem = readFileSync(certPath, 'utf8');
  if (!new X509Certificate(certPem).checkPrivateKey(createPrivateKey(privateKeyPem))) {
    throw new Error(`${certPath} does not belong to ${keyPath}`);
  }
  return { privateKeyPem, certPem };
}

function certificateFor(privateKeyPem: string, spec: DevelopmentKeyPairSpec, now: Date): string {
  const privateKey = createPrivateKey(privateKeyPem);
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + CERT_LIFETIME_YEARS);
  return createSelfSignedCertificate({
    privateKey,
    publicKey: createPublicKey(privateKey),
    commonName: spec.commonName,
    organization: spec.organization,
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
