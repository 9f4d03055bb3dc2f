import { CacheProvider, Profile, SAML } from '@node-saml/node-saml';
import { SamlConfig } from '@app/config';
import { rememberDecryptedAssertion } from './decrypted-assertion';
import { validateWithNodeSaml } from './node-saml-validation';
import { buildNodeSamlOptions } from './saml-options';
import { rejectionFromNodeSamlError, SamlRejection } from './saml-rejection';
import { inspectSamlResponse } from './saml-response-inspector';
import { VerifiedAssertion, verifySamlAssertion } from './verify-saml-assertion';

/**
 * The three steps a posted SAMLResponse goes through, in order: the inspector (before any XML
 * parsing), node-saml (signatures, time window, audience, InResponseTo, IdP status), then our
 * own checks (algorithms, Issuer, Destination, Recipient, identity).
 */
export type SamlValidationStep = 'document' | 'node_saml' | 'assertion';

export interface SamlResponseValidation {
  saml: SamlConfig;
  /** Tells node-saml whether an InResponseTo names a login request still open. */
  cacheProvider: CacheProvider;
  /** Accept a response without InResponseTo (IdP-initiated). Off unless configured. */
  allowUnsolicited?: boolean;
  /** The instant our own checks use; node-saml reads the system clock itself. */
  now: Date;
  /** Called as each step passes, so a refusal can be placed after the last one. */
  onStepPassed?: (step: SamlValidationStep) => void;
}

export interface ValidatedSamlResponse {
  assertion: VerifiedAssertion;
  /** node-saml's view of the signed assertion, with every attribute it carried. */
  profile: Profile;
}

/**
 * Validates a SAMLResponse exactly as posted to the ACS (base64). Any refusal is thrown as a
 * `SamlRejection`, node-saml's errors classified the way the ACS classifies them. Replay and
 * the login request itself are the ACS transaction's business, not this function's.
 */
export async function validateSamlResponse(
  samlResponse: string,
  validation: SamlResponseValidation,
): Promise<ValidatedSamlResponse> {
  try {
    inspectSamlResponse(samlResponse);
  } catch (error) {
    throw rejectionFromNodeSamlError(error);
  }
  validation.onStepPassed?.('document');
  return validateInspectedSamlResponse(samlResponse, validation);
}

/**
 * The steps after the inspector: node-saml, then our own checks. Exported for the tests that
 * show what these steps alone would read of a document the inspector refuses.
 */
export async function validateInspectedSamlResponse(
  samlResponse: string,
  validation: SamlResponseValidation,
): Promise<ValidatedSamlResponse> {
  const { saml, cacheProvider, allowUnsolicited, now, onStepPassed } = validation;
  try {
    const node = new SAML(buildNodeSamlOptions({ saml, cacheProvider, allowUnsolicited }));
    const { profile, decryptedAssertionXml } = await validateWithNodeSaml(
      node,
      samlResponse,
      saml.requireEncryptedAssertions,
    );
    if (!profile) {
      throw new SamlRejection('missing_identity', 'the response carried no assertion');
    }
    if (decryptedAssertionXml !== null) {
      rememberDecryptedAssertion(profile, decryptedAssertionXml);
    }
    onStepPassed?.('node_saml');

    const assertion = verifySamlAssertion(profile, saml, now);
    onStepPassed?.('assertion');
    return { assertion, profile };
  } catch (error) {
    throw rejectionFromNodeSamlError(error);
  }
}
