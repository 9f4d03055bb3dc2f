import { EnvironmentVariables, JwtAlgorithm, LogLevel, NodeEnvironment } from './environment-variables';
import { splitCertificates } from './certificates';

export const APP_CONFIG = Symbol('APP_CONFIG');

export interface SamlConfig {
  idpSsoUrl: string;
  idpIssuer: string;
  /** PEM certificates; a response signed by any of them is accepted. */
  idpCertificates: string[];
  spEntityId: string;
  spAcsUrl: string;
  wantResponseSigned: boolean;
  wantAssertionSigned: boolean;
  /**
   * Accept signatures and digests made with SHA-1. node-saml and xml-crypto accept them by
   * default; we refuse them unless an IdP that cannot do better is configured on purpose.
   */
  allowSha1Signatures: boolean;
  clockSkewMs: number;
  loginTtlMs: number;
  attributes: { email: string; firstName: string; lastName: string; groups: string };
}

export interface AuthConfig {
  /** Exact-match allowlist of frontend callback URLs. */
  redirectUris: string[];
  /** Origins of the allowlisted redirect URIs: the only origins CORS admits. */
  corsOrigins: string[];
  requirePkce: boolean;
  codeTtlMs: number;
}

export interface JwtConfig {
  algorithm: JwtAlgorithm;
  privateKeyPem?: string;
  keyId?: string;
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlMs: number;
}

export interface DatabaseConfig {
  url?: string;
  embeddedPort: number;
}

export interface AppConfig {
  env: NodeEnvironment;
  http: { port: number; host: string };
  logLevel: LogLevel;
  dataDir: string;
  saml: SamlConfig;
  auth: AuthConfig;
  jwt: JwtConfig;
  database: DatabaseConfig;
}

export function buildAppConfig(env: EnvironmentVariables): AppConfig {
  const redirectUris = splitList(env.FRONTEND_REDIRECT_URIS);
  const apiOrigin = new URL(env.SAML_SP_ACS_URL).origin;
  return {
    env: env.NODE_ENV,
    http: { port: env.PORT, host: env.HOST },
    logLevel: env.LOG_LEVEL,
    dataDir: env.DATA_DIR,
    saml: {
      idpSsoUrl: env.SAML_IDP_SSO_URL,
      idpIssuer: env.SAML_IDP_ISSUER,
      idpCertificates: splitCertificates(env.SAML_IDP_CERT),
      spEntityId: env.SAML_SP_ENTITY_ID,
      spAcsUrl: env.SAML_SP_ACS_URL,
      wantResponseSigned: env.SAML_WANT_RESPONSE_SIGNED,
      wantAssertionSigned: env.SAML_WANT_ASSERTION_SIGNED,
      allowSha1Signatures: env.SAML_ALLOW_SHA1,
      clockSkewMs: env.SAML_CLOCK_SKEW_SECONDS * 1000,
      loginTtlMs: env.SAML_LOGIN_TTL_SECONDS * 1000,
      attributes: {
        email: env.SAML_ATTRIBUTE_EMAIL,
        firstName: env.SAML_ATTRIBUTE_FIRST_NAME,
        lastName: env.SAML_ATTRIBUTE_LAST_NAME,
        groups: env.SAML_ATTRIBUTE_GROUPS,
      },
    },
    auth: {
      redirectUris,
      corsOrigins: [...new Set(redirectUris.map((uri) => new URL(uri).origin))],
      requirePkce: env.AUTH_REQUIRE_PKCE,
      codeTtlMs: env.AUTH_CODE_TTL_SECONDS * 1000,
    },
    jwt: {
      algorithm: env.JWT_ALGORITHM,
      privateKeyPem: env.JWT_PRIVATE_KEY?.replace(/\\n/g, '\n'),
      keyId: env.JWT_KEY_ID,
      issuer: env.JWT_ISSUER ?? apiOrigin,
      audience: env.JWT_AUDIENCE ?? env.JWT_ISSUER ?? apiOrigin,
      accessTokenTtlSeconds: env.JWT_ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlMs: env.JWT_REFRESH_TOKEN_TTL_SECONDS * 1000,
    },
    database: { url: env.DATABASE_URL, embeddedPort: env.DATABASE_EMBEDDED_PORT },
  };
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}
