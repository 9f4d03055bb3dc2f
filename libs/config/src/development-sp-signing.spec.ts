import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from './app-config';
import {
  developmentSpKeyDir,
  loadOrCreateSpSigningKeyPair,
  withDevelopmentSpSigning,
} from './development-sp-signing';

describe(loadOrCreateSpSigningKeyPair.name, () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sp-key-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates a key and a matching self-signed certificate once, then reuses them', () => {
    const dir = developmentSpKeyDir(dataDir);

    const first = loadOrCreateSpSigningKeyPair(dir);
    const again = loadOrCreateSpSigningKeyPair(dir);

    expect(again).toEqual(first);
    const certificate = new X509Certificate(first.certPem);
    expect(certificate.checkPrivateKey(createPrivateKey(first.privateKeyPem))).toBe(true);
    expect(certificate.subject).toContain('CN=saml-sp.localhost');
    expect(statSync(join(dir, 'sp-signing-key.pem')).mode & 0o777).toBe(0o600);
  });

  it('refuses a certificate left without its key', () => {
    const dir = developmentSpKeyDir(dataDir);
    loadOrCreateSpSigningKeyPair(dir);
    rmSync(join(dir, 'sp-signing-key.pem'));

    expect(() => loadOrCreateSpSigningKeyPair(dir)).toThrow(/exists without/);
  });

  it('refuses a certificate that belongs to another key', () => {
    const dir = developmentSpKeyDir(dataDir);
    const other = loadOrCreateSpSigningKeyPair(join(dataDir, 'other'));
    loadOrCreateSpSigningKeyPair(dir);
    writeFileSync(join(dir, 'sp-signing-cert.pem'), other.certPem);

    expect(() => loadOrCreateSpSigningKeyPair(dir)).toThrow(/does not belong/);
  });
});

describe(withDevelopmentSpSigning.name, () => {
  let dataDir: string;
  const configFor = (env: AppConfig['env'], spSigning: AppConfig['saml']['spSigning'] = null) =>
    ({ env, dataDir, saml: { spSigning } }) as AppConfig;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sp-key-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('signs with the generated pair in development when no key is configured', () => {
    const { saml } = withDevelopmentSpSigning(configFor('development'));

    expect(saml.spSigning?.certificates).toHaveLength(1);
    expect(saml.spSigning?.privateKeyPem).toMatch(/BEGIN PRIVATE KEY/);
  });

  it('leaves tests, production and a configured key as they are', () => {
    const configured = { privateKeyPem: 'configured', certificates: ['cert'] };

    expect(withDevelopmentSpSigning(configFor('test')).saml.spSigning).toBeNull();
    expect(withDevelopmentSpSigning(configFor('production')).saml.spSigning).toBeNull();
    expect(withDevelopmentSpSigning(configFor('development', configured)).saml.spSigning).toBe(
      configured,
    );
  });
});
