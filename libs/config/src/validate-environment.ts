import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { createPrivateKey } from 'node:crypto';
import { certificateProblems, splitCertificates } from './certificates';
import { EnvironmentVariables } from './environment-variables';
import { IdpMetadataError, readIdpMetadataFile } from './idp-metadata';
import { spDecryptionProblems } from './sp-decryption';
import { trustProxyProblems } from './trust-proxy';
import { parseRoleMapping } from './role-mapping';
import { splitAttributeNames } from './saml-attribute-names';

export class InvalidConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration (${problems.length}):\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidConfigurationError';
  }
}

/** Variables whose values are secrets: a problem with them is reported without the value. */
const SECRET_VARIABLES = new Set([
  'JWT_PRIVATE_KEY',
  'DATABASE_URL',
  'SAML_SP_PRIVATE_KEY',
  'SAML_SP_DECRYPTION_KEY',
]);

function describe(error: ValidationError): string {
  const rules = Object.values(error.constraints ?? {}).join('; ');
  if (SECRET_VARIABLES.has(error.property) || error.value === undefined) {
    return `${error.property}: ${rules}`;
  }
  return `${error.property}: ${rules} (got ${JSON.stringify(error.value)})`;
}

/**
 * Turns the raw environment into typed variables, or throws one error naming every problem.
 * Used by `ConfigModule.forRoot({ validate })`, and directly by scripts.
 */
export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const cleaned = Object.fromEntries(
    Object.entries(raw).filter(([, value]) => value !== undefined && value !== ''),
  );
  const env = plainToInstance(EnvironmentVariables, cleaned, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });
  const problems = errors.map(describe);
  problems.push(...crossFieldProblems(env));
  if (problems.length > 0) {
    throw new InvalidConfigurationError(problems);
  }
  return env;
}

function crossFieldProblems(env: EnvironmentVariables): string[] {
  return [
    ...redirectUriProblems(env),
    ...idpInitiatedProblems(env),
    ...idpCertificateProblems(env),
    ...idpMetadataProblems(env),
    ...idpMetadataUrlProblems(env),
    ...signingKeyProblems(env),
    ...spSigningProblems(env),
    ...spDecryptionProblems(env),
    ...attributeNameProblems(env),
    ...(typeof env.AUTH_ROLE_MAPPING === 'string'
      ? parseRoleMapping(env.AUTH_ROLE_MAPPING).problems
      : []),
    ...singleLogoutProblems(env),
    ...(typeof env.TRUST_PROXY === 'string' ? trustProxyProblems(env.TRUST_PROXY) : []),
  ];
}

const ATTRIBUTE_VARIABLES = [
  'SAML_ATTRIBUTE_EMAIL',
  'SAML_ATTRIBUTE_FIRST_NAME',
  'SAML_ATTRIBUTE_LAST_NAME',
  'SAML_ATTRIBUTE_GROUPS',
] as const;

/** A list of commas only would map nothing, silently. */
function attributeNameProblems(env: EnvironmentVariables): string[] {
  return ATTRIBUTE_VARIABLES.filter(
    (name) => typeof env[name] === 'string' && splitAttributeNames(env[name]).length === 0,
  ).map((name) => `${name}: names no attribute (a comma-separated list of attribute names)`);
}

/** The SP's AuthnRequest signing key comes with its certificate, or not at all. */
function spSigningProblems(env: EnvironmentVariables): string[] {
  const key = env.SAML_SP_PRIVATE_KEY;
  const cert = env.SAML_SP_CERT;
  if (key === undefined && cert === undefined) {
    return [];
  }
  if (key === undefined || cert === undefined) {
    return ['SAML_SP_PRIVATE_KEY and SAML_SP_CERT: set both to sign AuthnRequests, or neither'];
  }
  const problems = certificateProblems('SAML_SP_CERT', splitCertificates(cert));
  try {
    createPrivateKey(key.replace(/\\n/g, '\n'));
  } catch {
    problems.push('SAML_SP_PRIVATE_KEY: not a readable PEM private key');
  }
  return problems;
}

/**
 * Single logout messages travel signed both ways (SAML profiles §4.4.3.1: "MUST be signed"
 * for the front-channel bindings), so an IdP SLO URL needs our signing key. With metadata, the
 * SingleLogoutService comes from there; a second source would leave it unclear which wins.
 */
function singleLogoutProblems(env: EnvironmentVariables): string[] {
  if (env.SAML_IDP_SLO_URL === undefined) {
    return [];
  }
  const problems: string[] = [];
  if (env.SAML_SP_PRIVATE_KEY === undefined || env.SAML_SP_CERT === undefined) {
    problems.push(
      'SAML_IDP_SLO_URL: needs SAML_SP_PRIVATE_KEY and SAML_SP_CERT to sign logout messages',
    );
  }
  for (const name of ['SAML_IDP_METADATA_FILE', 'SAML_IDP_METADATA_URL'] as const) {
    if (env[name] !== undefined) {
      problems.push(`${name} and SAML_IDP_SLO_URL are both set; the metadata names the SLO URL`);
    }
  }
  return problems;
}

function idpCertificateProblems(env: EnvironmentVariables): string[] {
  if (typeof env.SAML_IDP_CERT !== 'string') {
    return [];
  }
  return certificateProblems('SAML_IDP_CERT', splitCertificates(env.SAML_IDP_CERT));
}

const EXPLICIT_IDP_VARIABLES = ['SAML_IDP_SSO_URL', 'SAML_IDP_ISSUER', 'SAML_IDP_CERT'] as const;

/** Metadata replaces the explicit variables; both at once would leave it unclear which wins. */
function idpMetadataProblems(env: EnvironmentVariables): string[] {
  const file = env.SAML_IDP_METADATA_FILE;
  if (typeof file !== 'string') {
    return [];
  }
  const conflicts = EXPLICIT_IDP_VARIABLES.filter((name) => env[name] !== undefined).map(
    (name) => `SAML_IDP_METADATA_FILE and ${name} are both set; use one or the other`,
  );
  try {
    const metadata = readIdpMetadataFile(file);
    return [...conflicts, ...certificateProblems('SAML_IDP_METADATA_FILE', metadata.certificates)];
  } catch (error) {
    const reason = error instanceof IdpMetadataError ? error.message : 'cannot be parsed';
    return [...conflicts, `SAML_IDP_METADATA_FILE: ${JSON.stringify(file)} ${reason}`];
  }
}

/**
 * The URL is only fetched once the application starts; here, its conflicts and its scheme. The
 * document names the keys we trust, so in production it must come over TLS; plain http stays
 * allowed elsewhere for the dev IdP, which serves its metadata on localhost.
 */
function idpMetadataUrlProblems(env: EnvironmentVariables): string[] {
  const url = env.SAML_IDP_METADATA_URL;
  if (typeof url !== 'string') {
    return [];
  }
  const conflicts = [...EXPLICIT_IDP_VARIABLES, 'SAML_IDP_METADATA_FILE' as const]
    .filter((name) => env[name] !== undefined)
    .map((name) => `SAML_IDP_METADATA_URL and ${name} are both set; use one or the other`);
  if (env.NODE_ENV === 'production' && !url.toLowerCase().startsWith('https://')) {
    conflicts.push('SAML_IDP_METADATA_URL: must be an https URL when NODE_ENV is production');
  }
  return conflicts;
}

function signingKeyProblems(env: EnvironmentVariables): string[] {
  if (typeof env.JWT_PRIVATE_KEY !== 'string') {
    return [];
  }
  try {
    const key = createPrivateKey(env.JWT_PRIVATE_KEY.replace(/\\n/g, '\n'));
    const expected = env.JWT_ALGORITHM === 'ES256' ? 'ec' : 'rsa';
    return key.asymmetricKeyType === expected
      ? []
      : [
          `JWT_PRIVATE_KEY: a ${key.asymmetricKeyType} key ` +
            `does not fit JWT_ALGORITHM ${env.JWT_ALGORITHM}`,
        ];
  } catch {
    return ['JWT_PRIVATE_KEY: not a readable PEM private key'];
  }
}

function redirectUriProblems(env: EnvironmentVariables): string[] {
  if (typeof env.FRONTEND_REDIRECT_URIS !== 'string') {
    return [];
  }
  return env.FRONTEND_REDIRECT_URIS.split(',')
    .map((uri) => uri.trim())
    .filter((uri) => !isAbsoluteHttpUrl(uri))
    .map((uri) => `FRONTEND_REDIRECT_URIS: ${JSON.stringify(uri)} is not an absolute http(s) URL`);
}

/** An IdP-initiated sign-in has no redirect_uri of its own, so it must land on an allowed one. */
function idpInitiatedProblems(env: EnvironmentVariables): string[] {
  if (env.SAML_ALLOW_IDP_INITIATED !== true) {
    return [];
  }
  const target = env.SAML_IDP_INITIATED_REDIRECT_URI;
  if (typeof target !== 'string') {
    return ['SAML_IDP_INITIATED_REDIRECT_URI: required when SAML_ALLOW_IDP_INITIATED is true'];
  }
  const allowed =
    typeof env.FRONTEND_REDIRECT_URIS === 'string'
      ? env.FRONTEND_REDIRECT_URIS.split(',').map((uri) => uri.trim())
      : [];
  return allowed.includes(target)
    ? []
    : [
        `SAML_IDP_INITIATED_REDIRECT_URI: ${JSON.stringify(target)} ` +
          'is not one of FRONTEND_REDIRECT_URIS',
      ];
}

function isAbsoluteHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hash === '';
  } catch {
    return false;
  }
}
