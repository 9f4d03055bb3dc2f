import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDevIdpKeys, loadOrCreateDevIdpKeys } from './dev-idp-keys';

describe('dev IdP keys', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dev-idp-keys-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates an RSA-2048 key and a matching self-signed certificate for ~10 years', () => {
    const keys = generateDevIdpKeys();
    const certificate = new X509Certificate(keys.certPem);
    const privateKey = createPrivateKey(keys.privateKeyPem);
    const years = (Date.parse(certificate.validTo) - Date.now()) / (365.25 * 24 * 3600 * 1000);

    expect(privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(certificate.checkPrivateKey(privateKey)).toBe(true);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.subject).toBe(certificate.issuer);
    expect(certificate.ca).toBe(false);
    expect(Date.parse(certificate.validFrom)).toBeLessThanOrEqual(Date.now());
    expect(years).toBeGreaterThan(9.9);
    expect(years).toBeLessThan(10.1);
  });

  it('creates the pair once, with a private key file only its owner can read', () => {
    const created = loadOrCreateDevIdpKeys(dir);
    const loaded = loadOrCreateDevIdpKeys(dir);

    expect(loaded).toEqual(created);
    expect(readFileSync(join(dir, 'idp-key.pem'), 'utf8')).toBe(created.privateKeyPem);
    expect(readFileSync(join(dir, 'idp-cert.pem'), 'utf8')).toBe(created.certPem);
    expect(statSync(join(dir, 'idp-key.pem')).mode & 0o777).toBe(0o600);
  });

  it('creates the key directory when it does not exist', () => {
    const nested = join(dir, 'a', 'b');

    expect(loadOrCreateDevIdpKeys(nested).certPem).toContain('BEGIN CERTIFICATE');
  });

  it('issues a new certificate for a key left without one', () => {
    const created = loadOrCreateDevIdpKeys(dir);
    unlinkSync(join(dir, 'idp-cert.pem'));

    const recovered = loadOrCreateDevIdpKeys(dir);

    expect(recovered.privateKeyPem).toBe(created.privateKeyPem);
    expect(recovered.certPem).not.toBe(created.certPem);
  });

  it('refuses a certificate without its key, and a certificate of another key', () => {
    loadOrCreateDevIdpKeys(dir);
    unlinkSync(join(dir, 'idp-key.pem'));
    expect(() => loadOrCreateDevIdpKeys(dir)).toThrow(/without/);

    writeFileSync(join(dir, 'idp-key.pem'), generateDevIdpKeys().privateKeyPem);
    expect(() => loadOrCreateDevIdpKeys(dir)).toThrow(/does not belong/);
  });
});
