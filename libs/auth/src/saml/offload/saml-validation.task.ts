import { Profile, SAML, SamlConfig, ValidateInResponseTo } from '@node-saml/node-saml';
import { validateWithNodeSaml } from '../node-saml-validation';
import { SamlRejection, SamlRejectionReason } from '../saml-rejection';
import { NO_CACHE } from '../saml-options';

/**
 * One SAML response to validate with node-saml, in a worker thread or inline. Everything here
 * crosses a thread boundary, so it is plain data: options without the cache provider, results
 * without the profile's accessor functions.
 */
export interface SamlValidationTask {
  options: SamlConfig;
  samlResponse: string;
  /** SAML_REQUIRE_ENCRYPTED_ASSERTIONS: node-saml has no such option. */
  requireEncryptedAssertion: boolean;
}

export interface SerializedProfile {
  fields: Record<string, unknown>;
  assertion: unknown;
  assertionXml: string;
  responseXml: string;
  decryptedAssertionXml: string | null;
}

export type SamlValidationOutcome =
  | { ok: true; loggedOut: boolean; profile: SerializedProfile | null }
  | {
      ok: false;
      name: string;
      message: string;
      xmlStatus?: string;
      /** Set when our own policy refused, so the reason survives the thread boundary. */
      reason?: SamlRejectionReason;
    };

/** node-saml instances by options: parsing certificates once per thread, not per response. */
const instances = new Map<string, SAML>();

/**
 * Signature, audience and time checks by node-saml. InResponseTo is left to the caller
 * (`never` here): it needs the database, which a worker thread does not have.
 */
export async function runSamlValidation(task: SamlValidationTask): Promise<SamlValidationOutcome> {
  try {
    const { profile, loggedOut, decryptedAssertionXml } = await validateWithNodeSaml(
      instanceFor(task.options),
      task.samlResponse,
      task.requireEncryptedAssertion,
    );
    return {
      ok: true,
      loggedOut,
      profile: profile ? serialize(profile, decryptedAssertionXml) : null,
    };
  } catch (error) {
    const { name, message, xmlStatus } = error as Error & { xmlStatus?: unknown };
    return {
      ok: false,
      name: typeof name === 'string' ? name : 'Error',
      message: typeof message === 'string' ? message : String(error),
      xmlStatus: typeof xmlStatus === 'string' ? xmlStatus : undefined,
      reason: error instanceof SamlRejection ? error.reason : undefined,
    };
  }
}

function instanceFor(options: SamlConfig): SAML {
  const key = JSON.stringify(options);
  let saml = instances.get(key);
  if (!saml) {
    saml = new SAML({
      ...options,
      validateInResponseTo: ValidateInResponseTo.never,
      cacheProvider: NO_CACHE,
    });
    instances.set(key, saml);
  }
  return saml;
}

function serialize(profile: Profile, decryptedAssertionXml: string | null): SerializedProfile {
  const fields = Object.fromEntries(
    Object.entries(profile).filter(([, value]) => typeof value !== 'function'),
  );
  return {
    fields,
    assertion: profile.getAssertion?.() ?? null,
    assertionXml: profile.getAssertionXml?.() ?? '',
    responseXml: profile.getSamlResponseXml?.() ?? '',
    decryptedAssertionXml,
  };
}
