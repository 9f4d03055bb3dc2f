import { inflateRawSync } from 'node:zlib';
import { SAML } from '@node-saml/node-saml';
import { SamlConfig } from '@app/config';
import { buildNodeSamlOptions, NO_CACHE } from '../saml-options';
import { LogoutMessageKind, SignedLogoutMessage } from './signed-logout-message';
import { SloRejection } from './slo-rejection';

type RedirectContainer = Parameters<SAML['validateRedirectAsync']>[0];

const SIGNATURE_ALGORITHMS = {
  sha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  sha512: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
  sha1: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
};
const BINDING_PARAMETERS = ['SAMLRequest', 'SAMLResponse', 'RelayState', 'SigAlg', 'Signature'];
/** Logout messages are a few kilobytes; the cap stops a deflate bomb. */
const MAX_INFLATED_BYTES = 64 * 1024;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * node-saml's check of a redirect-binding signature, on its own. node-saml's
 * `validateRedirectAsync` accepts a message that carries no signature at all, and reads the
 * status of a LogoutResponse before its signature; here a signature is required first.
 */
class RedirectSignatureCheck extends SAML {
  async verifies(container: RedirectContainer, signedQuery: string): Promise<boolean> {
    try {
      await this.hasValidSignatureForRedirect(container, signedQuery);
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * Reads a SAML message sent with the HTTP-Redirect binding (bindings §3.4.4.1): one SAMLRequest
 * or SAMLResponse, its RelayState, and a signature by one of the IdP's certificates over the
 * parameters exactly as they were encoded in the query. An unsigned message is refused.
 */
export async function readSignedRedirect(
  rawQuery: string,
  saml: SamlConfig,
): Promise<SignedLogoutMessage> {
  const raw = rawParameters(rawQuery);
  const kind = messageKind(raw);
  if (raw.Signature === undefined || raw.SigAlg === undefined) {
    throw new SloRejection('signature_missing', 'the message is not signed');
  }
  const container = decodedParameters(raw);
  if (!allowedAlgorithms(saml).includes(container.SigAlg ?? '')) {
    throw new SloRejection('signature_invalid', 'the signature algorithm is not accepted');
  }
  // Rebuilt from the received encodings, in the order the signer used (§3.4.4.1).
  const signedQuery = [kind, 'RelayState', 'SigAlg', 'Signature']
    .filter((name) => raw[name] !== undefined)
    .map((name) => `${name}=${raw[name]}`)
    .join('&');
  const check = new RedirectSignatureCheck(buildNodeSamlOptions({ saml, cacheProvider: NO_CACHE }));
  if (!(await check.verifies(container, signedQuery))) {
    throw new SloRejection('signature_invalid', 'the signature does not verify');
  }
  return { kind, xml: inflate(container[kind] ?? ''), relayState: container.RelayState ?? null };
}

function rawParameters(rawQuery: string): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const pair of rawQuery.split('&')) {
    const [name, ...value] = pair.split('=');
    if (!BINDING_PARAMETERS.includes(name)) {
      continue;
    }
    if (raw[name] !== undefined) {
      throw new SloRejection('malformed', `${name} is repeated`);
    }
    raw[name] = value.join('=');
  }
  return raw;
}

function messageKind(raw: Record<string, string>): LogoutMessageKind {
  const hasRequest = raw.SAMLRequest !== undefined;
  if (hasRequest === (raw.SAMLResponse !== undefined)) {
    throw new SloRejection('malformed', 'expected one SAMLRequest or one SAMLResponse');
  }
  return hasRequest ? 'SAMLRequest' : 'SAMLResponse';
}

function decodedParameters(raw: Record<string, string>): Record<string, string> {
  try {
    return Object.fromEntries(
      Object.entries(raw).map(([name, value]) => [
        name,
        decodeURIComponent(value.replace(/\+/g, ' ')),
      ]),
    );
  } catch {
    throw new SloRejection('malformed', 'a parameter is not URL-encoded');
  }
}

function allowedAlgorithms(saml: SamlConfig): string[] {
  const strong = [SIGNATURE_ALGORITHMS.sha256, SIGNATURE_ALGORITHMS.sha512];
  return saml.allowSha1Signatures ? [...strong, SIGNATURE_ALGORITHMS.sha1] : strong;
}

function inflate(message: string): string {
  const compact = message.replace(/\s+/g, '');
  if (!BASE64.test(compact)) {
    throw new SloRejection('malformed', 'the message is not base64');
  }
  try {
    const xml = inflateRawSync(Buffer.from(compact, 'base64'), {
      maxOutputLength: MAX_INFLATED_BYTES,
    });
    return xml.toString('utf8');
  } catch {
    throw new SloRejection('malformed', 'the message is not DEFLATE-compressed or is too large');
  }
}
