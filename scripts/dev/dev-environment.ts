import { join } from 'node:path';
import { developmentSpKeyDir, loadOrCreateSpSigningKeyPair } from '@app/config';
import { loadOrCreateDevIdpKeys } from '@app/dev-idp';

export interface DevPorts {
  api: number;
  idp: number;
  web: number;
}

type Env = Record<string, string | undefined>;

/** True when an admin has configured a real IdP; the dev IdP is then not started. */
export function usesConfiguredIdp(env: Env): boolean {
  return Boolean(env.SAML_IDP_SSO_URL || env.SAML_IDP_METADATA_FILE || env.SAML_IDP_METADATA_URL);
}

/**
 * The certificate the dev IdP checks signed AuthnRequests with: the configured one, or the
 * development pair the API signs with when SAML_SP_PRIVATE_KEY is unset (created here first,
 * so both processes read the same files).
 */
function spCertificateForIdp(env: Env, dataDir: string): Env {
  if (env.SAML_SP_CERT) {
    return { DEV_IDP_SP_CERT: env.SAML_SP_CERT };
  }
  const development = (env.NODE_ENV ?? 'development') === 'development';
  if (!development || env.SAML_SP_PRIVATE_KEY) {
    return {};
  }
  return { DEV_IDP_SP_CERT: loadOrCreateSpSigningKeyPair(developmentSpKeyDir(dataDir)).certPem };
}

/**
 * The environment each process of `npm start` gets. Explicit settings (shell or `.env`) win;
 * what is missing is filled in so that the API, the dev IdP and the demo page find each other
 * on localhost.
 */
export function devEnvironments(env: Env, ports: DevPorts): { api: Env; idp: Env; web: Env } {
  const apiUrl = `http://localhost:${ports.api}`;
  const idpUrl = `http://localhost:${ports.idp}`;
  const webUrl = `http://localhost:${ports.web}`;
  const dataDir = env.DATA_DIR ?? '.data';
  const sp = {
    SAML_SP_ENTITY_ID: env.SAML_SP_ENTITY_ID ?? `${apiUrl}/auth/saml/metadata`,
    SAML_SP_ACS_URL: env.SAML_SP_ACS_URL ?? `${apiUrl}/auth/saml/acs`,
  };
  const idpIssuer = `${idpUrl}/exkdevidp`;
  const devIdp = usesConfiguredIdp(env)
    ? {}
    : {
        SAML_IDP_SSO_URL: `${idpUrl}/sso`,
        SAML_IDP_ISSUER: idpIssuer,
        SAML_IDP_CERT: loadOrCreateDevIdpKeys(join(dataDir, 'dev-idp')).certPem,
      };
  return {
    api: {
      ...env,
      NODE_ENV: env.NODE_ENV ?? 'development',
      PORT: String(ports.api),
      FRONTEND_REDIRECT_URIS: env.FRONTEND_REDIRECT_URIS ?? `${webUrl}/callback`,
      ...sp,
      ...devIdp,
    },
    idp: {
      ...env,
      DEV_IDP_PORT: String(ports.idp),
      DEV_IDP_PUBLIC_URL: idpUrl,
      DEV_IDP_ISSUER: idpIssuer,
      DEV_IDP_SP_ENTITY_ID: sp.SAML_SP_ENTITY_ID,
      DEV_IDP_SP_ACS_URL: sp.SAML_SP_ACS_URL,
      DEV_IDP_KEYS_DIR: join(dataDir, 'dev-idp'),
      ...(usesConfiguredIdp(env) ? {} : spCertificateForIdp(env, dataDir)),
    },
    web: { ...env, DEMO_WEB_PORT: String(ports.web), DEMO_API_URL: apiUrl },
  };
}
