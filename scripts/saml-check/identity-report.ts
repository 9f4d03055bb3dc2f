import { ValidatedSamlResponse } from '@app/auth';
import { SamlConfig } from '@app/config';

type AttributeNames = SamlConfig['attributes'];

const VARIABLES: Record<keyof AttributeNames, string> = {
  email: 'SAML_ATTRIBUTE_EMAIL',
  firstName: 'SAML_ATTRIBUTE_FIRST_NAME',
  lastName: 'SAML_ATTRIBUTE_LAST_NAME',
  groups: 'SAML_ATTRIBUTE_GROUPS',
};

/**
 * The identity the API would provision, field by field, and every attribute the assertion
 * carried, so a field left empty can be traced to an attribute name that does not match.
 */
export function identityLines(validated: ValidatedSamlResponse, names: AttributeNames): string[] {
  const { identity, inResponseTo } = validated.assertion;
  const mapped = (field: keyof AttributeNames, value: string | null): string =>
    value ?? `(none: no value in ${quotedNames(names[field])}; see ${VARIABLES[field]})`;
  const groups = identity.groups.length > 0 ? identity.groups.join(', ') : null;

  return [
    'Identity it would produce',
    `  issuer        ${identity.issuer}`,
    `  nameId        ${identity.nameId}`,
    `  email         ${mapped('email', identity.email)}`,
    `  firstName     ${mapped('firstName', identity.firstName)}`,
    `  lastName      ${mapped('lastName', identity.lastName)}`,
    `  groups        ${mapped('groups', groups)}`,
    `  InResponseTo  ${inResponseTo ?? '(none: IdP-initiated)'}`,
    '',
    'Attributes in the assertion',
    ...attributeLines(validated.profile.attributes),
  ];
}

function quotedNames(names: string[]): string {
  const quoted = names.map((name) => `"${name}"`);
  return quoted.length === 1 ? `a ${quoted[0]} attribute` : `any of ${quoted.join(', ')}`;
}

function attributeLines(attributes: unknown): string[] {
  if (!isRecord(attributes) || Object.keys(attributes).length === 0) {
    return ['  (none)'];
  }
  return Object.entries(attributes).map(([name, value]) => `  ${name}: ${valuesOf(value)}`);
}

/** node-saml gives one value as itself and several as an array; complex values as objects. */
function valuesOf(value: unknown): string {
  const values = Array.isArray(value) ? value : [value];
  return values.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(', ');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
