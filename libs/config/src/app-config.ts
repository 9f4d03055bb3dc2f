import { availableParallelism } from 'node:os';
import {
  EnvironmentVariables,
  JwtAlgorithm,
  LogLevel,
  NodeEnvironment,
} from './environment-variables';
import { splitCertificates } from './certificates';
import { IdpSettings, readIdpMetadataFile } from './idp-metadata';
import { parseTrustProxy, TrustProxy } from './trust-proxy';

export const APP_CONFIG = Symbol('APP_CONFIG');

export interface SamlConfig {
  idpSsoUrl: string;
  idpIssuer: string;
  /** PEM certificates; a response signed by any of them is accepted. */
  idpCertificates: string[];
  spEntityId: string;
  spAcsUrl: string;
  /** Signs AuthnRequests when set; `certificates[0]` matches the key, others are published too. */
  spSigning: { privateKeyPem: string; certificates: string[] } | null;
  wantResponseSigned: boolean;
  wantAssertionSigned: boolean;
  /**
   * Accept signatures and digests made with SHA-1. node-saml and xml-crypto accept them by
   * default; we refuse them unless an IdP that cannot do better is configured on purpose.
   */
  allowSha1Signatures: boolean;
  validationThreads: number;
  /**
   * Where unsolicited (IdP-initiated) responses send the browser; null refuses them, which is
   * the default.
   */
  idpInitiatedRedirectUri: string | null;
  /** Days before a configured IdP certificate expires from which a warning is logged. */
  certificateWarningDays: number;
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
  /** IdP groups whose members get the `admin` role in their access tokens. */
  adminGroups: string[];
  /** Requests per minute and client IP to each sign-in endpoint. */
  rateLimitPerMinute: number;
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

export interface HttpConfig {
  port: number;
  host: string;
  /** Bound on finishing in-flight requests after SIGTERM. */
  shutdownTimeoutMs: number;
  trustProxy: TrustProxy;
}

export interface OpenApiConfig {
  enabled: boolean;
  /** Where the UI is served, without a leading slash; the JSON document is at `<path>-json`. */
  path: string;
}

export interface AuditConfig {
  retentionDays: number;
}

export interface AppConfig {
  env: NodeEnvironment;
  http: HttpConfig;
  logLevel: LogLevel;
  dataDir: string;
  saml: SamlConfig;
  auth: AuthConfig;
  jwt: JwtConfig;
  database: DatabaseConfig;
  openApi: OpenApiConfig;
  audit: AuditConfig;
}

export function buildAppConfig(env: EnvironmentVariables): AppConfig {
  const redirectUris = splitList(env.FRONTEND_REDIRECT_URIS);
  const apiOrigin = new URL(env.SAML_SP_ACS_URL).origin;
  const idp = idpSettings(env);
  return {
    env: env.NODE_ENV,
    http: {
      port: env.PORT,
      host: env.HOST,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
      trustProxy: parseTrustProxy(env.TRUST_PROXY),
    },
    logLevel: env.LOG_LEVEL,
    dataDir: env.DATA_DIR,
    saml: {
      idpSsoUrl: idp.ssoUrl,
      idpIssuer: idp.issuer,
      idpCertificates: idp.certificates,
      spEntityId: env.SAML_SP_ENTITY_ID,
      spAcsUrl: env.SAML_SP_ACS_URL,
      spSigning:
        env.SAML_SP_PRIVATE_KEY && env.SAML_SP_CERT
          ? {
              privateKeyPem: env.SAML_SP_PRIVATE_KEY.replace(/\\n/g, '\n'),
              certificates: splitCertificates(env.SAML_SP_CERT),
            }
          : null,
      wantResponseSigned: env.SAML_WANT_RESPONSE_SIGNED,
      wantAssertionSigned: env.SAML_WANT_ASSERTION_SIGNED,
      allowSha1Signatures: env.SAML_ALLOW_SHA1,
      validationThreads: env.SAML_VALIDATION_THREADS ?? defaultValidationThreads(env.NODE_ENV),
      idpInitiatedRedirectUri: env.SAML_ALLOW_IDP_INITIATED
        ? (env.SAML_IDP_INITIATED_REDIRECT_URI ?? null)
        : null,
      certificateWarningDays: env.SAML_CERT_WARNING_DAYS,
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
      adminGroups: splitList(env.AUTH_ADMIN_GROUPS),
      rateLimitPerMinute: env.AUTH_RATE_LIMIT_PER_MINUTE,
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
    openApi: {
      enabled: env.OPENAPI_ENABLED ?? env.NODE_ENV !== 'production',
      path: env.OPENAPI_PATH.replace(/^\//, ''),
    },
    audit: { retentionDays: env.AUDIT_RETENTION_DAYS },
  };
}

/** From the metadata file when one is set; otherwise validation has required the variables. */
function idpSettings(env: EnvironmentVariables): IdpSettings {
  if (env.SAML_IDP_METADATA_FILE !== undefined) {
    return readIdpMetadataFile(env.SAML_IDP_METADATA_FILE);
  }
  return {
    ssoUrl: env.SAML_IDP_SSO_URL ?? '',
    issuer: env.SAML_IDP_ISSUER ?? '',
    certificates: splitCertificates(env.SAML_IDP_CERT ?? ''),
  };
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function defaultValidationThreads(env: NodeEnvironment): number {
  if (env !== 'production') {
    return 0;
  }
  return Math.min(4, Math.max(1, availableParallelism() - 1));
}
