import { parseRoleMapping, withAdminGroups } from './role-mapping';

describe(parseRoleMapping.name, () => {
  it('reads role=Group|Group entries separated by semicolons', () => {
    expect(parseRoleMapping('admin=Admins|Okta Admins;editor=Editors')).toEqual({
      grants: [
        { role: 'admin', groups: ['Admins', 'Okta Admins'] },
        { role: 'editor', groups: ['Editors'] },
      ],
      problems: [],
    });
  });

  it('keeps spaces and commas inside group names and trims around them', () => {
    const { grants } = parseRoleMapping(' editor = Content, EMEA | Web Editors ; ');

    expect(grants).toEqual([{ role: 'editor', groups: ['Content, EMEA', 'Web Editors'] }]);
  });

  it('keeps "=" inside a group name (only the first one separates)', () => {
    expect(parseRoleMapping('ops=CN=Ops,OU=Groups').grants).toEqual([
      { role: 'ops', groups: ['CN=Ops,OU=Groups'] },
    ]);
  });

  it('merges a role listed twice', () => {
    expect(parseRoleMapping('editor=A;viewer=C;editor=B|A').grants).toEqual([
      { role: 'editor', groups: ['A', 'B'] },
      { role: 'viewer', groups: ['C'] },
    ]);
  });

  it('reads the JSON form, for group names that hold "|" or ";"', () => {
    const { grants, problems } = parseRoleMapping(
      '{"admin": "Admins", "editor": ["Editors; EMEA", "A|B"]}',
    );

    expect(problems).toEqual([]);
    expect(grants).toEqual([
      { role: 'admin', groups: ['Admins'] },
      { role: 'editor', groups: ['Editors; EMEA', 'A|B'] },
    ]);
  });

  it.each([
    ['Admin=Admins', /"Admin" is not a role name/],
    ['1st=Admins', /"1st" is not a role name/],
    ['read only=Admins', /"read only" is not a role name/],
    [`${'a'.repeat(65)}=Admins`, /is not a role name/],
    ['Admins', /"Admins" has no "=": expected role=Group/],
    ['editor=', /role "editor" has an empty group name/],
    ['editor=A||B', /role "editor" has an empty group name/],
    [`editor=${'g'.repeat(257)}`, /longer than 256 characters/],
    ['{"admin": ', /not valid JSON/],
    ['{"admin": [1]}', /must map to a string or a list of strings/],
    ['{"editor": []}', /role "editor" names no group/],
  ])('refuses %j with a message that names the problem', (value, message) => {
    const { grants, problems } = parseRoleMapping(value);

    expect(grants).toEqual([]);
    expect(problems).toEqual([expect.stringMatching(message)]);
    expect(problems[0]).toMatch(/^AUTH_ROLE_MAPPING: /);
  });

  it('names every bad entry at once', () => {
    expect(parseRoleMapping('Admin=A;editor=;ok=B').problems).toHaveLength(2);
  });
});

describe(withAdminGroups.name, () => {
  it('adds the admin groups to the admin role, creating it when the mapping has none', () => {
    const grants = [{ role: 'editor', groups: ['Editors'] }];

    expect(withAdminGroups(grants, ['Admins'])).toEqual([
      { role: 'editor', groups: ['Editors'] },
      { role: 'admin', groups: ['Admins'] },
    ]);
    expect(withAdminGroups([{ role: 'admin', groups: ['Ops'] }], ['Admins', 'Ops'])).toEqual([
      { role: 'admin', groups: ['Ops', 'Admins'] },
    ]);
    expect(withAdminGroups(grants, [])).toBe(grants);
  });
});
