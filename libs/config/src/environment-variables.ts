import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { DEFAULT_SAML_ATTRIBUTE_NAMES } from './saml-attribute-names';

const NODE_ENVIRONMENTS = ['development', 'test', 'production'] as const;
export type NodeEnvironment = (typeof NODE_ENVIRONMENTS)[number];

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const JWT_ALGORITHMS = ['ES256', 'RS256'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

/** URLs we talk to or redirect to; `require_tld: false` keeps `localhost` usable in development. */
const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') {
    return value;
  }
  const normalized = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(normalized)) {
    return true;
  }
  if (['false', '0', 'no'].includes(normalized)) {
    return false;
  }
  return value;
};

const isProduction = (env: EnvironmentVariables): boolean => env.NODE_ENV === 'production';

/** SAML_IDP_* are required unless metadata names the IdP (a conflict is reported apart). */
const withoutMetadata = (env: EnvironmentVariables): boolean =>
  env.SAML_IDP_METADATA_FILE === undefined && env.SAML_IDP_METADATA_URL === undefined;

/**
 * Every variable the API reads, with its rule. Validated once at boot, so a bad deployment
 * stops with one message that lists every problem instead of failing on first use.
 */
export class EnvironmentVariables {
  @IsIn(NODE_ENVIRONMENTS)
  NODE_ENV: NodeEnvironment = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @IsNotEmpty()
  HOST = '127.0.0.1';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /**
   * Which proxies may tell the client address through X-Forwarded-For: `false`, a hop count,
   * or addresses and subnets. Client IPs in the audit trail and rate limits depend on it.
   */
  @IsString()
  @IsNotEmpty()
  TRUST_PROXY = 'false';

  /** How long in-flight requests may take to finish once SIGTERM arrives. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600000)
  SHUTDOWN_TIMEOUT_MS = 10000;

  /** Serve the OpenAPI document and its UI; unset means on everywhere but production. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  OPENAPI_ENABLED?: boolean;

  @Matches(/^\/?[A-Za-z0-9][\w.~-]*(\/[\w.~-]+)*$/, {
    message: 'OPENAPI_PATH must be a URL path such as docs or api/docs',
  })
  OPENAPI_PATH = 'docs';

  /** Folder for development state: embedded Postgres data and the generated signing key. */
  @IsString()
  @IsNotEmpty()
  DATA_DIR = '.data';

  /** The IdP's SAML metadata, instead of the three SAML_IDP_* variables below. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  SAML_IDP_METADATA_FILE?: string;

  /** Or its URL: fetched before the API listens, then refreshed; https in production. */
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  SAML_IDP_METADATA_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(604800)
  SAML_IDP_METADATA_REFRESH_SECONDS = 3600;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60000)
  SAML_IDP_METADATA_TIMEOUT_MS = 5000;

  @ValidateIf(withoutMetadata)
  @IsUrl(URL_OPTIONS)
  SAML_IDP_SSO_URL?: string;

  @ValidateIf(withoutMetadata)
  @IsString()
  @IsNotEmpty()
  SAML_IDP_ISSUER?: string;

  @ValidateIf(withoutMetadata)
  @IsString()
  @IsNotEmpty()
  SAML_IDP_CERT?: string;

  @IsString()
  @IsNotEmpty()
  SAML_SP_ENTITY_ID!: string;

  @IsUrl(URL_OPTIONS)
  SAML_SP_ACS_URL!: string;

  /** PEM key that signs AuthnRequests (HTTP-Redirect binding); unset sends them unsigned. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  SAML_SP_PRIVATE_KEY?: string;

  /** Its certificate, published in SP metadata; a second one may follow during a rollover. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  SAML_SP_CERT?: string;

  /** The IdP's SLO endpoint (HTTP-Redirect); turns single logout on, needs the SP key. */
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  SAML_IDP_SLO_URL?: string;

  /** Our single logout endpoint; defaults to the ACS URL's origin + /auth/saml/slo. */
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  SAML_SP_SLO_URL?: string;

  /** PEM RSA key that decrypts EncryptedAssertions; unset, they are refused. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  SAML_SP_DECRYPTION_KEY?: string;

  /** Its certificate, published in SP metadata for the IdP to encrypt to. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  SAML_SP_DECRYPTION_CERT?: string;

  /** Refuse assertions that arrive unencrypted; needs the decryption key. */
  @Transform(toBoolean)
  @IsBoolean()
  SAML_REQUIRE_ENCRYPTED_ASSERTIONS = false;

  @Transform(toBoolean)
  @IsBoolean()
  SAML_WANT_RESPONSE_SIGNED = true;

  @Transform(toBoolean)
  @IsBoolean()
  SAML_WANT_ASSERTION_SIGNED = true;

  /** Off by default: SHA-1 collisions are practical, so such signatures prove little. */
  @Transform(toBoolean)
  @IsBoolean()
  SAML_ALLOW_SHA1 = false;

  /**
   * Worker threads that validate SAML responses off the event loop; 0 validates inline.
   * Unset: one less than the CPUs (at least 1, at most 4) in production, 0 otherwise.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(64)
  SAML_VALIDATION_THREADS?: number;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(300)
  SAML_CLOCK_SKEW_SECONDS = 60;

  /**
   * Accept unsolicited responses (the IdP dashboard tile). Off by default: such a sign-in
   * carries no state and no PKCE challenge, so it is weaker than one started here.
   */
  @Transform(toBoolean)
  @IsBoolean()
  SAML_ALLOW_IDP_INITIATED = false;

  /** Where an IdP-initiated sign-in lands; one of FRONTEND_REDIRECT_URIS. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  SAML_IDP_INITIATED_REDIRECT_URI?: string;

  /** Warn this many days before a configured IdP signing certificate expires. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  SAML_CERT_WARNING_DAYS = 30;

  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(3600)
  SAML_LOGIN_TTL_SECONDS = 600;

  /**
   * Each SAML_ATTRIBUTE_* is a comma-separated list of attribute names; the first one the
   * assertion carries with a value wins, so one setting serves Okta names and claim URIs.
   */
  @IsString()
  @IsNotEmpty()
  SAML_ATTRIBUTE_EMAIL = DEFAULT_SAML_ATTRIBUTE_NAMES.email.join(',');

  @IsString()
  @IsNotEmpty()
  SAML_ATTRIBUTE_FIRST_NAME = DEFAULT_SAML_ATTRIBUTE_NAMES.firstName.join(',');

  @IsString()
  @IsNotEmpty()
  SAML_ATTRIBUTE_LAST_NAME = DEFAULT_SAML_ATTRIBUTE_NAMES.lastName.join(',');

  @IsString()
  @IsNotEmpty()
  SAML_ATTRIBUTE_GROUPS = DEFAULT_SAML_ATTRIBUTE_NAMES.groups.join(',');

  /** Splits each group value, e.g. `,` for AD FS roles sent as "Admins,Users"; unset: no split. */
  @IsOptional()
  @IsString()
  @MaxLength(8)
  SAML_GROUPS_SEPARATOR?: string;

  @IsString()
  @IsNotEmpty()
  FRONTEND_REDIRECT_URIS!: string;

  @Transform(toBoolean)
  @IsBoolean()
  AUTH_REQUIRE_PKCE = true;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(600)
  AUTH_CODE_TTL_SECONDS = 60;

  /**
   * Comma-separated IdP group names whose members get the `admin` role. Unset: `Admins`, unless
   * AUTH_ROLE_MAPPING grants `admin` itself.
   */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  AUTH_ADMIN_GROUPS?: string;

  /** Roles from IdP groups: `role=Group|Other group;role2=Group`, or JSON (see role-mapping). */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  AUTH_ROLE_MAPPING?: string;

  /** Requests per minute and client IP to each sign-in endpoint (login, ACS, token, logout). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000000)
  AUTH_RATE_LIMIT_PER_MINUTE = 60;

  /** How often each instance deletes expired login requests, codes, assertion IDs and sessions. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  AUTH_CLEANUP_INTERVAL_SECONDS = 300;

  /** How long audit events are kept before the scheduled cleanup deletes them. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  AUDIT_RETENTION_DAYS = 90;

  @ValidateIf(isProduction)
  @IsString()
  @IsNotEmpty({ message: 'DATABASE_URL is required when NODE_ENV is production' })
  DATABASE_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  DATABASE_EMBEDDED_PORT = 5433;

  /** Connections each instance may open; instances × this must fit Postgres's max_connections. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  DATABASE_POOL_SIZE = 10;

  /**
   * How long a request waits to open a connection or to get one from a full pool before it is
   * answered 503. Short, so a database that does not answer cannot pile requests up.
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60000)
  DATABASE_CONNECT_TIMEOUT_MS = 2000;

  /**
   * Longest one statement may run (Postgres `statement_timeout`); a server that does not answer
   * at all is given up on shortly after, and the connection discarded. Every statement of the
   * sign-in flow is a single-row, indexed one; migrations run without this limit.
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600000)
  DATABASE_STATEMENT_TIMEOUT_MS = 2000;

  /**
   * RS256 by measurement: verifying is what every guarded request does, and RSA-2048
   * verification runs about twice as fast as ES256 here (see docs/performance.md).
   */
  @IsIn(JWT_ALGORITHMS)
  JWT_ALGORITHM: JwtAlgorithm = 'RS256';

  @ValidateIf(isProduction)
  @IsString()
  @IsNotEmpty({ message: 'JWT_PRIVATE_KEY is required when NODE_ENV is production' })
  JWT_PRIVATE_KEY?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  JWT_KEY_ID?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  JWT_ISSUER?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  JWT_AUDIENCE?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  JWT_ACCESS_TOKEN_TTL_SECONDS = 600;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(31536000)
  JWT_REFRESH_TOKEN_TTL_SECONDS = 2592000;
}
