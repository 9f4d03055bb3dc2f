import {
  DevelopmentKeyPairSpec,
  generateKeyPairPem,
  KeyPairPem,
  loadOrCreateKeyPair,
} from '@app/config';

export type DevIdpKeys = KeyPairPem;

const DEV_IDP_KEY_PAIR: DevelopmentKeyPairSpec = {
  commonName: 'dev-idp.localhost',
  organization: 'Development IdP (not for production)',
  keyFile: 'idp-key.pem',
  certFile: 'idp-cert.pem',
};

/** A fresh RSA-2048 key and a self-signed certificate, kept only in memory. */
export function generateDevIdpKeys(): DevIdpKeys {
  return generateKeyPairPem(DEV_IDP_KEY_PAIR);
}

/**
 * Returns the key pair stored in `dir`, creating it on first use, so a service provider that
 * trusts the certificate keeps working across restarts.
 */
export function loadOrCreateDevIdpKeys(dir: string): DevIdpKeys {
  return loadOrCreateKeyPair(dir, DEV_IDP_KEY_PAIR);
}
