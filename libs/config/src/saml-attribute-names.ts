/** Candidate attribute names per profile field; the first one an assertion carries wins. */
export interface SamlAttributeNames {
  email: string[];
  firstName: string[];
  lastName: string[];
  groups: string[];
}

const WS_CLAIMS = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims';
const MS_CLAIMS = 'http://schemas.microsoft.com/ws/2008/06/identity/claims';

/**
 * Defaults that serve the common IdPs without configuration: Okta's short names first (what
 * docs/okta.md sets up), then the claim URIs Entra ID and AD FS send, then the LDAP / eduPerson
 * OIDs (mail, givenName, sn, isMemberOf) of Shibboleth and other SAML2Int IdPs. An IdP sends
 * only what its administrator configured, so a later name is read only when an earlier one is
 * absent. For groups, Entra's `groups` claim (object IDs unless configured otherwise) comes
 * before the `role` claim that AD FS and Entra app roles use.
 */
export const DEFAULT_SAML_ATTRIBUTE_NAMES = {
  email: ['email', `${WS_CLAIMS}/emailaddress`, 'urn:oid:0.9.2342.19200300.100.1.3'],
  firstName: ['firstName', `${WS_CLAIMS}/givenname`, 'urn:oid:2.5.4.42'],
  lastName: ['lastName', `${WS_CLAIMS}/surname`, 'urn:oid:2.5.4.4'],
  groups: [
    'groups',
    `${MS_CLAIMS}/groups`,
    `${MS_CLAIMS}/role`,
    'urn:oid:1.3.6.1.4.1.5923.1.5.1.1',
  ],
} as const satisfies Record<keyof SamlAttributeNames, readonly string[]>;

/** `a, b ,c` → `['a', 'b', 'c']`: attribute names are URIs or plain words, never with commas. */
export function splitAttributeNames(value: string): string[] {
  return value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
}
