import { MAX_GROUP_NAME_LENGTH, SamlConfig } from '@app/config';
import { SamlIdentity } from './saml-identity';
import { attribute, children, textOf, XmlNode } from './saml-xml';

/**
 * Bounds on what one sign-in stores and puts in tokens. Entra ID stops at 150 groups in a SAML
 * token, so 200 leaves room without letting one assertion bloat a row and every token.
 */
export const MAX_GROUPS = 200;

export type AttributeValues = ReadonlyMap<string, string[]>;
type MappedAttributes = Omit<SamlIdentity, 'issuer' | 'nameId'>;

/**
 * Every attribute value of the assertion by attribute Name, trimmed, empty values left out. An
 * attribute may repeat (Keycloak sends one `Role` per value), so repeats are joined.
 */
export function attributeValues(assertion: XmlNode): AttributeValues {
  const values = new Map<string, string[]>();
  for (const statement of children(assertion, 'AttributeStatement')) {
    for (const attr of children(statement, 'Attribute')) {
      const name = attribute(attr, 'Name');
      const texts = children(attr, 'AttributeValue')
        .map(textOf)
        .filter((text): text is string => text !== null);
      if (name) {
        values.set(name, [...(values.get(name) ?? []), ...texts]);
      }
    }
  }
  return values;
}

/**
 * The profile fields, each from the first of its candidate names that carries a value. A field
 * with no such attribute is null (groups: empty), never an error: IdPs leave out attributes
 * the user has no value for. A name field with several values takes the first.
 */
export function mapAttributes(
  values: AttributeValues,
  saml: Pick<SamlConfig, 'attributes' | 'groupsSeparator'>,
): MappedAttributes {
  const first = (names: string[]): string | null => firstPresent(values, names)?.[0] ?? null;
  return {
    email: first(saml.attributes.email),
    firstName: first(saml.attributes.firstName),
    lastName: first(saml.attributes.lastName),
    groups: normalizeGroups(
      firstPresent(values, saml.attributes.groups) ?? [],
      saml.groupsSeparator,
    ),
  };
}

/**
 * Group names as roles are matched against them: split by the separator when one is set (AD FS
 * sends "Admins,Users" as one value), trimmed, empty and overlong names dropped, duplicates
 * removed, at most MAX_GROUPS kept in the order sent.
 */
export function normalizeGroups(values: string[], separator: string | null): string[] {
  const names = separator === null ? values : values.flatMap((value) => value.split(separator));
  const kept = new Set<string>();
  for (const name of names.map((value) => value.trim())) {
    if (kept.size === MAX_GROUPS) {
      break;
    }
    if (name.length > 0 && name.length <= MAX_GROUP_NAME_LENGTH) {
      kept.add(name);
    }
  }
  return [...kept];
}

function firstPresent(values: AttributeValues, names: string[]): string[] | undefined {
  return names
    .map((name) => values.get(name))
    .find((found) => found !== undefined && found.length > 0);
}
