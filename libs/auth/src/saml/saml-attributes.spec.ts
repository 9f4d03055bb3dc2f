import { SamlConfig } from '@app/config';
import { attributeValues, mapAttributes, MAX_GROUPS, normalizeGroups } from './saml-attributes';
import { XmlNode } from './saml-xml';

/** An assertion as node-saml's xml2js view holds it: attribute values as `{ _: text }`. */
function assertion(attributes: Record<string, string[]>): XmlNode {
  return {
    AttributeStatement: [
      {
        Attribute: Object.entries(attributes).map(([name, values]) => ({
          $: { Name: name },
          AttributeValue: values.map((value) => ({ _: value })),
        })),
      },
    ],
  };
}

const SETTINGS: Pick<SamlConfig, 'attributes' | 'groupsSeparator'> = {
  attributes: {
    email: ['email', 'urn:claims/emailaddress'],
    firstName: ['firstName'],
    lastName: ['lastName'],
    groups: ['groups', 'urn:claims/role'],
  },
  groupsSeparator: null,
};

const mapped = (attributes: Record<string, string[]>, settings = SETTINGS) =>
  mapAttributes(attributeValues(assertion(attributes)), settings);

describe(mapAttributes.name, () => {
  it('takes each field from the first candidate name the assertion carries', () => {
    expect(mapped({ 'urn:claims/emailaddress': ['b@example.com'] }).email).toBe('b@example.com');
    expect(
      mapped({ 'urn:claims/emailaddress': ['b@example.com'], email: ['a@example.com'] }).email,
    ).toBe('a@example.com');
  });

  it('passes over a candidate whose values are all empty', () => {
    expect(mapped({ email: ['', '  '], 'urn:claims/emailaddress': ['b@example.com'] }).email).toBe(
      'b@example.com',
    );
  });

  it('leaves missing fields null and groups empty', () => {
    expect(mapped({})).toEqual({ email: null, firstName: null, lastName: null, groups: [] });
  });

  it('takes the first value of a multi-valued name field, trimmed', () => {
    expect(mapped({ firstName: [' Ada ', 'Augusta'], lastName: ['Lovelace'] })).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace',
    });
  });

  it('reads groups from one candidate only, joining a repeated attribute', () => {
    const values = assertion({ groups: ['A'] });
    const statement = (values.AttributeStatement as XmlNode[])[0];
    (statement.Attribute as XmlNode[]).push(
      { $: { Name: 'groups' }, AttributeValue: [{ _: 'B' }] },
      { $: { Name: 'urn:claims/role' }, AttributeValue: [{ _: 'C' }] },
    );

    expect(mapAttributes(attributeValues(values), SETTINGS).groups).toEqual(['A', 'B']);
  });

  it('splits group values when a separator is configured', () => {
    const groups = { 'urn:claims/role': ['Admins,Users', 'Users'] };

    expect(mapped(groups).groups).toEqual(['Admins,Users', 'Users']);
    expect(mapped(groups, { ...SETTINGS, groupsSeparator: ',' }).groups).toEqual([
      'Admins',
      'Users',
    ]);
  });
});

describe(normalizeGroups.name, () => {
  it('trims, drops empty names and duplicates, and keeps the order sent', () => {
    expect(normalizeGroups(['b', ' a ', 'b', '', 'a'], null)).toEqual(['b', 'a']);
    expect(normalizeGroups(['x;;y ; x', 'z'], ';')).toEqual(['x', 'y', 'z']);
  });

  it('drops names longer than 256 characters rather than cutting them', () => {
    expect(normalizeGroups(['g'.repeat(257), 'g'.repeat(256)], null)).toEqual(['g'.repeat(256)]);
  });

  it(`keeps at most ${MAX_GROUPS} groups`, () => {
    const many = Array.from({ length: MAX_GROUPS + 50 }, (_, index) => `group-${index}`);

    const kept = normalizeGroups(['group-0', ...many], null);

    expect(kept).toHaveLength(MAX_GROUPS);
    expect(kept.at(-1)).toBe(`group-${MAX_GROUPS - 1}`);
  });
});
