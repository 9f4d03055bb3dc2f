import { X509Certificate } from 'node:crypto';
import { isHttpUrl } from './dev-idp-options';

export interface DevIdpConfig {
  port: number;
  host: string;
  publicUrl: string;
  issuer: string;
  spEntityId: string;
  spAcsUrl: string;
  keysDir: string;
  /** Set when DEV_IDP_ENCRYPT_ASSERTIONS is on: the SP certificate assertions are encrypted to. */
  encryptionCertPem: string | null;
  /** DEV_IDP_SP_CERT: the certificate that signs the SP's requests; signed ones are verified. */
  spCertPem: string | null;
}

type Env = Record<string, string | undefined>;

function parsePort(raw: string, problems: string[]): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    problems.push(`DEV_IDP_PORT must be a port number (0-65535), got "${raw}"`);
  }
  return port;
}

/**
 * With DEV_IDP_ENCRYPT_ASSERTIONS, the SP's encryption certificate: DEV_IDP_SP_ENCRYPTION_CERT,
 * or else SAML_SP_DECRYPTION_CERT, which `npm start` passes along from the API's settings.
 */
function readEncryptionCert(env: Env, problems: string[]): string | null {
  if (!['true', '1', 'yes'].includes((env.DEV_IDP_ENCRYPT_ASSERTIONS ?? '').toLowerCase())) {
    return null;
  }
  const value = env.DEV_IDP_SP_ENCRYPTION_CERT || env.SAML_SP_DECRYPTION_CERT || '';
  const pem = value.replace(/\\n/g, '\n');
  try {
    new X509Certificate(pem);
    return pem;
  } catch {
    problems.push(
      'DEV_IDP_ENCRYPT_ASSERTIONS needs the SP certificate (PEM) in DEV_IDP_SP_ENCRYPTION_CERT ' +
        'or SAML_SP_DECRYPTION_CERT',
    );
    return null;
  }
}

function readSpCert(env: Env, problems: string[]): string | null {
  if (!env.DEV_IDP_SP_CERT) {
    return null;
  }
  const pem = env.DEV_IDP_SP_CERT.replace(/\\n/g, '\n');
  try {
    new X509Certificate(pem);
    return pem;
  } catch {
    problems.push('DEV_IDP_SP_CERT must be a PEM certificate');
    return null;
  }
}

/**
 * Reads the dev IdP's settings from the environment. The default issuer imitates Okta's
 * opaque per-application issuer (`http://www.okta.com/exk…`) on this IdP's own origin.
 * Every problem is collected so that one message names them all.
 */
export function readDevIdpConfig(env: Env): DevIdpConfig {
  const problems: string[] = [];
  const publicUrl = (env.DEV_IDP_PUBLIC_URL || 'http://localhost:7000').replace(/\/+$/, '');
  const config: DevIdpConfig = {
    port: parsePort(env.DEV_IDP_PORT || '7000', problems),
    host: env.DEV_IDP_HOST || '127.0.0.1',
    publicUrl,
    issuer: env.DEV_IDP_ISSUER || `${publicUrl}/exkdevidp`,
    spEntityId: env.DEV_IDP_SP_ENTITY_ID || 'http://localhost:3000/auth/saml/metadata',
    spAcsUrl: env.DEV_IDP_SP_ACS_URL || 'http://localhost:3000/auth/saml/acs',
    keysDir: env.DEV_IDP_KEYS_DIR || '.data/dev-idp',
    encryptionCertPem: readEncryptionCert(env, problems),
    spCertPem: readSpCert(env, problems),
  };

  if (!isHttpUrl(config.publicUrl)) {
    problems.push('DEV_IDP_PUBLIC_URL must be an http(s) URL');
  }
  if (!isHttpUrl(config.spAcsUrl)) {
    problems.push('DEV_IDP_SP_ACS_URL must be an http(s) URL');
  }
  if (problems.length > 0) {
    throw new Error(`Invalid dev IdP configuration: ${problems.join('; ')}`);
  }
  return config;
}
