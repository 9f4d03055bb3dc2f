import { SAML } from '@node-saml/node-saml';
import { SamlConfig } from '@app/config';
import { buildNodeSamlOptions, NO_CACHE } from '../saml-options';
import { SamlSessionSubject } from './saml-session';

const NAME_ID_FORMAT_UNSPECIFIED = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';

/**
 * A per-call node-saml object aimed at the IdP's SLO endpoint, with a message ID of our choice
 * when we need one. node-saml signs the redirect query with the SP key (bindings §3.4.4.1).
 */
function sloSaml(saml: SamlConfig, messageId?: string): SAML {
  return new SAML({
    ...buildNodeSamlOptions({ saml, cacheProvider: NO_CACHE }),
    logoutUrl: saml.idpSloUrl ?? undefined,
    validateInResponseTo: 'never' as SAML['options']['validateInResponseTo'],
    ...(messageId === undefined ? {} : { generateUniqueId: () => messageId }),
  });
}

/**
 * Our LogoutRequest for one IdP session, HTTP-Redirect binding: the NameID exactly as the IdP
 * sent it (value, Format, qualifiers) and its SessionIndex, so the IdP finds its own session.
 */
export function logoutRequestUrl(
  saml: SamlConfig,
  requestId: string,
  session: SamlSessionSubject,
  relayState: string,
): Promise<string> {
  return sloSaml(saml, requestId).getLogoutUrlAsync(
    {
      issuer: session.issuer,
      nameID: session.nameId,
      nameIDFormat: session.nameIdFormat ?? NAME_ID_FORMAT_UNSPECIFIED,
      nameQualifier: session.nameQualifier ?? undefined,
      spNameQualifier: session.spNameQualifier ?? undefined,
      sessionIndex: session.sessionIndex ?? undefined,
    },
    relayState,
    {},
  );
}

/**
 * Our LogoutResponse to the IdP's LogoutRequest `inResponseTo`. The IdP's RelayState goes back
 * unchanged (bindings §3.4.3).
 */
export function logoutResponseUrl(
  saml: SamlConfig,
  inResponseTo: string,
  relayState: string | null,
): Promise<string> {
  return sloSaml(saml).getLogoutResponseUrlAsync(
    { issuer: saml.idpIssuer, nameID: '', nameIDFormat: '', ID: inResponseTo },
    relayState ?? '',
    {},
    true,
  );
}
