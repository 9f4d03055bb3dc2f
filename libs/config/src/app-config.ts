import { availableParallelism } from 'node:os';
import {
  EnvironmentVariables,
  JwtAlgorithm,
  LogLevel,
  NodeEnvironment,
} from './environment-variables';
import { splitCertificates } from './certificates';
import { IdpSettings, readIdpMetadataFile } from './idp-metadata';
import { IDP_METADATA_MAX_BYTES } from './idp-metadata.fetcher';
import { IdpSource } from './idp-source';
import { parseTrustProxy, TrustProxy } from './trust-proxy';
import { decryptionCertificatePem, unescapePem } from './sp-decryption';
import { parseRoleMapping, RoleGrant, withAdminGroups } from './role-mapping';
import { SamlAttributeNames, splitAttributeNames } from './saml-attribute-names';

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
  /**
   * The IdP's Single Logout endpoint (HTTP-Redirect binding); null leaves single logout off.
   * Never set without `spSigning`: validation refuses that, since SLO messages are signed.
   */
  idpSloUrl: string | null;
  /** Our single logout endpoint, where LogoutRequests and LogoutResponses arrive. */
  spSloUrl: string;
  /**
   * Decrypts EncryptedAssertions when set; the certificate is published in SP metadata for the
   * IdP to encrypt to. Null refuses encrypted assertions.
   */
  spDecryption: { privateKeyPem: string; certificatePem: string } | null;
  /** Refuse assertions that arrive in the clear. Never true without `spDecryption`. */
  requireEncryptedAssertions: boolean;
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
  attributes: SamlAttributeNames;
  /** Splits each group value (AD FS sends roles joined by commas); null keeps values whole. */
  groupsSeparator: string | null;
}

/** The part of `SamlConfig` that comes from the IdP and may change while the API runs. */
export type IdpSamlField = 'idpSsoUrl' | 'idpIssuer' | 'idpCertificates';

/**
 * The SAML configuration read at start: all of `SamlConfig` but the IdP settings, and where
 * those come from. Read them from `IdpSettingsSource` when they are used, and combine the two
 * with `samlConfigWith`; a copy kept from start would miss a refreshed metadata URL.
 */
export interface SamlBaseConfig extends Omit<SamlConfig, IdpSamlField> {
  idpSource: IdpSource;
}

/**
 * The SAML configuration with the IdP settings in force. A single logout URL that was not set
 * explicitly comes from the metadata, and only when we can sign logout messages.
 */
export function samlConfigWith(base: SamlBaseConfig, idp: IdpSettings): SamlConfig {
  const { idpSource: _source, ...rest } = base;
  return {
    ...rest,
    idpSsoUrl: idp.ssoUrl,
    idpIssuer: idp.issuer,
    idpCertificates: idp.certificates,
    idpSloUrl: rest.idpSloUrl ?? (rest.spSigning ? (idp.sloUrl ?? null) : null),
  };
}

export interface AuthConfig {
  /** Exact-match allowlist of frontend callback URLs. */
  redirectUris: string[];
  /** Origins of the allowlisted redirect URIs: the only origins CORS admits. */
  corsOrigins: string[];
  requirePkce: boolean;
  codeTtlMs: number;
  /**
   * Which IdP groups grant which role in access tokens: AUTH_ROLE_MAPPING merged with
   * AUTH_ADMIN_GROUPS (the `admin` role).
   */
  roleGrants: RoleGrant[];
  /** Requests per minute and client IP to each sign-in endpoint. */
  rateLimitPerMinute: number;
  /** Period of the expired sign-in state cleanup, in every instance. */
  cleanupIntervalMs: number;
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
  /** Pool and timeouts; see DATABASE_POOL_SIZE and the two DATABASE_*_TIMEOUT_MS variables. */
  poolSize: number;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
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
  saml: SamlBaseConfig;
  auth: AuthConfig;
  jwt: JwtConfig;
  database: DatabaseConfig;
  openApi: OpenApiConfig;
  audit: AuditConfig;
}

export function buildAppConfig(env: EnvironmentVariables): AppConfig {
  const redirectUris = splitList(env.FRONTEND_REDIRECT_URIS);
  const apiOrigin = new URL(env.SAML_SP_ACS_URL).origin;
  const idpSource = idpSourceOf(env);
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
      idpSource,
      spEntityId: env.SAML_SP_ENTITY_ID,
      spAcsUrl: env.SAML_SP_ACS_URL,
      spSigning:
        env.SAML_SP_PRIVATE_KEY && env.SAML_SP_CERT
          ? {
              privateKeyPem: env.SAML_SP_PRIVATE_KEY.replace(/\\n/g, '\n'),
              certificates: splitCertificates(env.SAML_SP_CERT),
            }
          : null,
      idpSloUrl: idpSloUrl(env, idpSource.kind === 'metadata_url' ? {} : idpSource.settings),
      spSloUrl: env.SAML_SP_SLO_URL ?? `${apiOrigin}/auth/saml/slo`,
      spDecryption: spDecryption(env),
      requireEncryptedAssertions: env.SAML_REQUIRE_ENCRYPTED_ASSERTIONS,
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
        email: splitAttributeNames(env.SAML_ATTRIBUTE_EMAIL),
        firstName: splitAttributeNames(env.SAML_ATTRIBUTE_FIRST_NAME),
        lastName: splitAttributeNames(env.SAML_ATTRIBUTE_LAST_NAME),
        groups: splitAttributeNames(env.SAML_ATTRIBUTE_GROUPS),
      },
      groupsSeparator: env.SAML_GROUPS_SEPARATOR ?? null,
    },
    auth: {
      redirectUris,
      corsOrigins: [...new Set(redirectUris.map((uri) => new URL(uri).origin))],
      requirePkce: env.AUTH_REQUIRE_PKCE,
      codeTtlMs: env.AUTH_CODE_TTL_SECONDS * 1000,
      roleGrants: roleGrants(env),
      rateLimitPerMinute: env.AUTH_RATE_LIMIT_PER_MINUTE,
      cleanupIntervalMs: env.AUTH_CLEANUP_INTERVAL_SECONDS * 1000,
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
    database: {
      url: env.DATABASE_URL,
      embeddedPort: env.DATABASE_EMBEDDED_PORT,
      poolSize: env.DATABASE_POOL_SIZE,
      connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    },
    openApi: {
      enabled: env.OPENAPI_ENABLED ?? env.NODE_ENV !== 'production',
      path: env.OPENAPI_PATH.replace(/^\//, ''),
    },
    audit: { retentionDays: env.AUDIT_RETENTION_DAYS },
  };
}

/** A metadata URL or file when one is set; otherwise validation has required the variables. */
function idpSourceOf(env: EnvironmentVariables): IdpSource {
  if (env.SAML_IDP_METADATA_URL !== undefined) {
    return {
      kind: 'metadata_url',
      url: env.SAML_IDP_METADATA_URL,
      refreshIntervalMs: env.SAML_IDP_METADATA_REFRESH_SECONDS * 1000,
      timeoutMs: env.SAML_IDP_METADATA_TIMEOUT_MS,
      maxBytes: IDP_METADATA_MAX_BYTES,
    };
  }
  if (env.SAML_IDP_METADATA_FILE !== undefined) {
    return { kind: 'metadata_file', settings: readIdpMetadataFile(env.SAML_IDP_METADATA_FILE) };
  }
  const settings = {
    ssoUrl: env.SAML_IDP_SSO_URL ?? '',
    issuer: env.SAML_IDP_ISSUER ?? '',
    certificates: splitCertificates(env.SAML_IDP_CERT ?? ''),
  };
  return { kind: 'variables', settings };
}

/**
 * SAML_IDP_SLO_URL, or the metadata's SingleLogoutService. Okta publishes that endpoint only
 * once single logout is enabled for the app; without an SP key to sign with, it is not used.
 */
function idpSloUrl(env: EnvironmentVariables, idp: Pick<IdpSettings, 'sloUrl'>): string | null {
  if (env.SAML_IDP_SLO_URL !== undefined) {
    return env.SAML_IDP_SLO_URL;
  }
  const canSign = env.SAML_SP_PRIVATE_KEY !== undefined && env.SAML_SP_CERT !== undefined;
  return canSign ? (idp.sloUrl ?? null) : null;
}

/**
 * Validation has refused a mapping with problems. `Admins` is the admin group by default, but
 * not when the mapping says who is admin: a default nobody wrote should not widen that.
 */
function roleGrants(env: EnvironmentVariables): RoleGrant[] {
  const grants = parseRoleMapping(env.AUTH_ROLE_MAPPING ?? '').grants;
  const mappedAdmin = grants.some((grant) => grant.role === 'admin');
  const adminGroups = env.AUTH_ADMIN_GROUPS ?? (mappedAdmin ? '' : DEFAULT_ADMIN_GROUP);
  return withAdminGroups(grants, splitList(adminGroups));
}

const DEFAULT_ADMIN_GROUP = 'Admins';

/** Validation has checked that both are set or neither, and that they match. */
function spDecryption(env: EnvironmentVariables): SamlConfig['spDecryption'] {
  const key = env.SAML_SP_DECRYPTION_KEY;
  const certificatePem = decryptionCertificatePem(env.SAML_SP_DECRYPTION_CERT ?? '');
  if (key === undefined || certificatePem === null) {
    return null;
  }
  return { privateKeyPem: unescapePem(key), certificatePem };
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
