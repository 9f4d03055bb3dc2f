import { Profile, SAML } from '@node-saml/node-saml';
import { decryptAssertion } from './decrypted-assertion';
import { checkAssertionEncryption } from './encryption-policy';

export interface NodeSamlOutcome {
  profile: Profile | null;
  loggedOut: boolean;
  /** The whole decrypted assertion, signature included, when the assertion was encrypted. */
  decryptedAssertionXml: string | null;
}

/**
 * node-saml's validation of a posted SAMLResponse, with our encryption policy first: nothing is
 * decrypted with an algorithm we refuse, and an assertion in the clear is refused when
 * encryption is required. Shared by the ACS (inline or on the validation threads) and
 * `saml:check`, so both decrypt and refuse alike.
 */
export async function validateWithNodeSaml(
  saml: SAML,
  samlResponse: string,
  requireEncryptedAssertion: boolean,
): Promise<NodeSamlOutcome> {
  const { decryptionPvk, wantAuthnResponseSigned } = saml.options;
  const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
  const encrypted = checkAssertionEncryption(xml, {
    hasKey: decryptionPvk !== undefined && decryptionPvk !== null,
    required: requireEncryptedAssertion,
    responseSignatureRequired: wantAuthnResponseSigned === true,
  });

  const { profile, loggedOut } = await saml.validatePostResponseAsync({
    SAMLResponse: samlResponse,
  });
  if (!encrypted || !profile || !decryptionPvk) {
    return { profile, loggedOut, decryptedAssertionXml: null };
  }
  // A second decryption (node-saml keeps its plaintext to itself): one RSA-OAEP operation.
  return { profile, loggedOut, decryptedAssertionXml: await decryptAssertion(xml, decryptionPvk) };
}
