import { SamlConfig } from '@app/config';
import { SamlIdentity } from '../saml-identity';
import { SamlFixture } from './fixture-loader';

type AttributeNames = SamlConfig['attributes'];

/** What an administrator would set when nothing in the responses suggests otherwise. */
const DEFAULT_NAMES: AttributeNames = {
  email: 'email',
  firstName: 'firstName',
  lastName: 'lastName',
  groups: 'groups',
};

const WS_CLAIMS = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims';
const ENTRA_CLAIMS: AttributeNames = {
  email: `${WS_CLAIMS}/emailaddress`,
  firstName: `${WS_CLAIMS}/givenname`,
  lastName: `${WS_CLAIMS}/surname`,
  groups: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups',
};

/**
 * Attribute names per IdP, as its administrator would configure them from what it sends (each
 * meta.json lists the attributes). Fixtures not named here use the defaults.
 */
const NAMES_BY_FIXTURE: Record<string, Partial<AttributeNames>> = {
  'adfs-scireum-2022': {
    email: `${WS_CLAIMS}/emailaddress`,
    groups: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role',
  },
  'entra-id-glpi-2023': ENTRA_CLAIMS,
  // This tenant sends no emailaddress claim; its `name` claim is the address (the UPN).
  'entra-id-tercen-2022': { ...ENTRA_CLAIMS, email: `${WS_CLAIMS}/name` },
  'google-samlshield-groups': { firstName: 'first_name', lastName: 'last_name' },
  'keycloak-samlshield-sp-initiated': { groups: 'Role' },
  'keycloak-tercen-2022': { groups: 'Role' },
  'okta-goxmldsig-asa-2020': { email: 'Email', firstName: 'FirstName', lastName: 'LastName' },
  'okta-samlshield-idp-initiated': { firstName: 'a', lastName: 'c' },
  'okta-samlshield-sp-initiated': { firstName: 'a', lastName: 'c' },
  'okta-unattributed-2024-reconstructed': { email: 'Email' },
  // eduPerson / inetOrgPerson OIDs: mail, givenName, sn, isMemberOf.
  'shibboleth-hilbertteam-2020': {
    email: 'urn:oid:0.9.2342.19200300.100.1.3',
    firstName: 'urn:oid:2.5.4.42',
    lastName: 'urn:oid:2.5.4.4',
    groups: 'urn:oid:1.3.6.1.4.1.5923.1.5.1.1',
  },
};

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
    validationThreads: 0,
    spSigning: null,
    idpInitiatedRedirectUri: null,
    certificateWarningDays: 30,
    clockSkewMs: CLOCK_SKEW_MS,
    loginTtlMs: 600_000,
    attributes: { ...DEFAULT_NAMES, ...NAMES_BY_FIXTURE[name] },
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
  const values = (name: string): string[] =>
    assertion.attributes.filter((attr) => attr.Name === name).flatMap((attr) => attr.values);
  const email = values(saml.attributes.email)[0] ?? null;
  return {
    issuer: assertion.Issuer,
    nameId: assertion.NameID?.value ?? email ?? '',
    email,
    firstName: values(saml.attributes.firstName)[0] ?? null,
    lastName: values(saml.attributes.lastName)[0] ?? null,
    groups: values(saml.attributes.groups),
  };
}
