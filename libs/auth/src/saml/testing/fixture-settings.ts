import { DEFAULT_SAML_ATTRIBUTE_NAMES, SamlAttributeNames, SamlConfig } from '@app/config';
import { SamlIdentity } from '../saml-identity';
import { normalizeGroups } from '../saml-attributes';
import { SamlFixture } from './fixture-loader';

/** The settings' defaults: Okta names, then Entra / AD FS claim URIs, then LDAP OIDs. */
const DEFAULT_NAMES: SamlAttributeNames = {
  email: [...DEFAULT_SAML_ATTRIBUTE_NAMES.email],
  firstName: [...DEFAULT_SAML_ATTRIBUTE_NAMES.firstName],
  lastName: [...DEFAULT_SAML_ATTRIBUTE_NAMES.lastName],
  groups: [...DEFAULT_SAML_ATTRIBUTE_NAMES.groups],
};

const WS_CLAIMS = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims';

/**
 * Attribute names per IdP, as its administrator would configure them from what it sends (each
 * meta.json lists the attributes). Fixtures not named here use the defaults, which is how the
 * Entra ID (glpi) and Shibboleth responses are read: their claim URIs and OIDs are among them.
 */
const NAMES_BY_FIXTURE: Record<string, Partial<SamlAttributeNames>> = {
  // This tenant sends no emailaddress claim; its `name` claim is the address (the UPN).
  'entra-id-tercen-2022': { email: [`${WS_CLAIMS}/emailaddress`, `${WS_CLAIMS}/name`] },
  'google-samlshield-groups': { firstName: ['first_name'], lastName: ['last_name'] },
  'keycloak-samlshield-sp-initiated': { groups: ['Role'] },
  'keycloak-tercen-2022': { groups: ['Role'] },
  'okta-goxmldsig-asa-2020': { email: ['Email'], firstName: ['FirstName'], lastName: ['LastName'] },
  'okta-samlshield-idp-initiated': { firstName: ['a'], lastName: ['c'] },
  'okta-samlshield-sp-initiated': { firstName: ['a'], lastName: ['c'] },
  'okta-unattributed-2024-reconstructed': { email: ['Email'] },
};

/** AD FS sends its roles joined by commas in one value of the `role` claim. */
const GROUPS_SEPARATOR_BY_FIXTURE: Record<string, string> = { 'adfs-scireum-2022': ',' };

export const CLOCK_SKEW_MS = 60_000;

/** The settings the fixture's IdP needs: its certificate, issuer, audience and ACS URL. */
export function samlConfigFor(
  fixture: SamlFixture,
  overrides: Partial<SamlConfig> = {},
): SamlConfig {
  const { assertion, signed_parts: signed, name } = fixture.settings;
  return {
    idpSsoUrl: 'https://idp.invalid/sso',
    idpIssuer: assertion.Issuer,
    idpCertificates: [fixture.idpCertPem],
    spEntityId: assertion.Conditions.Audience[0],
    // Placeholders such as "{recipient}" are what the IdP sent, so they are the setting.
    spAcsUrl: assertion.SubjectConfirmationData.Recipient,
    wantResponseSigned: signed === 'both' || signed === 'Response',
    wantAssertionSigned: signed === 'both' || signed === 'Assertion',
    allowSha1Signatures: false,
    spDecryption: null,
    requireEncryptedAssertions: false,
    validationThreads: 0,
    spSigning: null,
    idpSloUrl: null,
    spSloUrl: 'https://sp.invalid/auth/saml/slo',
    idpInitiatedRedirectUri: null,
    certificateWarningDays: 30,
    clockSkewMs: CLOCK_SKEW_MS,
    loginTtlMs: 600_000,
    attributes: { ...DEFAULT_NAMES, ...NAMES_BY_FIXTURE[name] },
    groupsSeparator: GROUPS_SEPARATOR_BY_FIXTURE[name] ?? null,
    ...overrides,
  };
}

/** The AuthnRequest ID the response answers, or null for an IdP-initiated response. */
export function requestIdOf(fixture: SamlFixture): string | null {
  return fixture.settings.response.InResponseTo ?? null;
}

/**
 * The identity meta.json describes, read through the configured attribute names. Without a
 * NameID (AD FS without a NameID claim rule) the email attribute identifies the person.
 */
export function expectedIdentity(fixture: SamlFixture, saml: SamlConfig): SamlIdentity {
  const { assertion } = fixture.settings;
  const values = (names: string[]): string[] =>
    names
      .map((name) =>
        assertion.attributes
          .filter((attr) => attr.Name === name)
          .flatMap((attr) => attr.values.map((value) => value.trim()))
          .filter((value) => value.length > 0),
      )
      .find((found) => found.length > 0) ?? [];
  const email = values(saml.attributes.email)[0] ?? null;
  return {
    issuer: assertion.Issuer,
    nameId: assertion.NameID?.value ?? email ?? '',
    email,
    firstName: values(saml.attributes.firstName)[0] ?? null,
    lastName: values(saml.attributes.lastName)[0] ?? null,
    groups: normalizeGroups(values(saml.attributes.groups), saml.groupsSeparator),
  };
}
