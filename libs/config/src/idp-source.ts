import { X509Certificate } from 'node:crypto';
import { IdpMetadataError, IdpSettings, parseIdpMetadata } from './idp-metadata';
import { fetchIdpMetadata } from './idp-metadata.fetcher';
import { InvalidConfigurationError } from './validate-environment';

/** The IdP metadata URL and how it is fetched: at start, then every `refreshIntervalMs`. */
export interface IdpMetadataUrlSource {
  kind: 'metadata_url';
  url: string;
  refreshIntervalMs: number;
  timeoutMs: number;
  maxBytes: number;
}

/**
 * Where the IdP settings come from. The SAML_IDP_* variables and a metadata file are read once,
 * at start; a metadata URL is fetched before the API listens and refreshed while it runs.
 */
export type IdpSource =
  { kind: 'variables' | 'metadata_file'; settings: IdpSettings } | IdpMetadataUrlSource;

/**
 * Fetches and reads the metadata at a URL. A document is taken whole or not at all: one
 * signing certificate that is not X.509 refuses it, as it would refuse a metadata file.
 */
export async function fetchIdpSettings(source: IdpMetadataUrlSource): Promise<IdpSettings> {
  const xml = await fetchIdpMetadata(source.url, source);
  const settings = parseIdpMetadata(xml);
  const unreadable = settings.certificates.findIndex((pem) => !isCertificate(pem));
  if (unreadable >= 0) {
    throw new IdpMetadataError(`has a signing certificate (#${unreadable + 1}) that is not X.509`);
  }
  return settings;
}

/**
 * The IdP settings once, as the API reads them at start (and `saml:check` does): a metadata
 * URL that cannot be fetched or read is a configuration problem, reported like the others.
 */
export async function loadIdpSettings(source: IdpSource): Promise<IdpSettings> {
  if (source.kind !== 'metadata_url') {
    return source.settings;
  }
  try {
    return await fetchIdpSettings(source);
  } catch (error) {
    const reason = error instanceof IdpMetadataError ? error.message : 'cannot be read';
    throw new InvalidConfigurationError([
      `SAML_IDP_METADATA_URL: ${JSON.stringify(source.url)} ${reason}`,
    ]);
  }
}

function isCertificate(pem: string): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}
