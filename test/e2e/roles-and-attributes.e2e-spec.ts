import { DevIdpUser } from '@app/dev-idp';
import { expectProblem } from '../support/acs-expectations';
import { ApiHarness, startApi } from '../support/api-harness';
import { postToken, signIn, SignedIn } from '../support/saml-flow';

const WS_CLAIMS = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims';
const MS_CLAIMS = 'http://schemas.microsoft.com/ws/2008/06/identity/claims';

/** The names Entra ID sends by default, as claim URIs. */
const ENTRA_NAMES = {
  email: `${WS_CLAIMS}/emailaddress`,
  firstName: `${WS_CLAIMS}/givenname`,
  lastName: `${WS_CLAIMS}/surname`,
  groups: `${MS_CLAIMS}/groups`,
};
/** AD FS sends roles in the `role` claim, several joined by commas in one value. */
const ADFS_NAMES = { ...ENTRA_NAMES, groups: `${MS_CLAIMS}/role` };

// Group names with spaces and a comma: the mapping syntax must keep them whole.
const ROLE_MAPPING = 'editor=Content Editors, EMEA|Web Editors;viewer=Everyone';

function person(key: string, groups: string[]): DevIdpUser {
  return {
    email: `${key}@example.com`,
    firstName: key,
    lastName: 'Tester',
    groups,
    nameId: `00u-${key}`,
  };
}

interface Claims {
  roles: string[];
  groups: string[];
  email: string | null;
  name: string | null;
}

/** The access token's payload, as a resource server would read it after verifying it. */
function claimsOf(tokens: SignedIn): Claims {
  const payload = tokens.access_token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims;
}

function get(api: ApiHarness, path: string, tokens: SignedIn): Promise<Response> {
  return fetch(`${api.url}${path}`, {
    headers: { authorization: `Bearer ${tokens.access_token}` },
  });
}

async function refresh(api: ApiHarness, tokens: SignedIn): Promise<SignedIn> {
  const response = await postToken(api, {
    grant_type: 'refresh_token',
    refresh_token: tokens.refresh_token,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as SignedIn;
}

describe('roles from IdP groups', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({ env: { AUTH_ROLE_MAPPING: ROLE_MAPPING } });
  });

  afterAll(async () => {
    await api.close();
  });

  it('puts the mapped role in the token, and @Roles lets its holder through', async () => {
    const tokens = await signIn(api, { user: person('edith', ['Content Editors, EMEA']) });

    expect(claimsOf(tokens)).toMatchObject({
      roles: ['editor'],
      groups: ['Content Editors, EMEA'],
    });
    const editors = await get(api, '/greetings/editors', tokens);
    expect(editors.status).toBe(200);
    expect(await editors.json()).toMatchObject({ message: 'Hello, editor edith Tester!' });
    // The default AUTH_ADMIN_GROUPS still applies beside the mapping; edith is not in it.
    await expectProblem(await get(api, '/audit-events', tokens), 403);
  });

  it('answers 403 problem details to a token without the role', async () => {
    const tokens = await signIn(api, { user: person('otto', ['Everyone']) });

    expect(claimsOf(tokens).roles).toEqual(['viewer']);
    const problem = await expectProblem(await get(api, '/greetings/editors', tokens), 403);
    expect(problem.detail).toBe('This route needs the editor role');
  });

  it('follows an IdP group change at the next sign-in; refresh uses stored groups', async () => {
    const before = await signIn(api, { user: person('max', ['Web Editors']) });
    expect(claimsOf(before).roles).toEqual(['editor']);
    expect((await get(api, '/greetings/editors', before)).status).toBe(200);

    // At the IdP, max leaves Web Editors and joins Admins; a refresh alone cannot know yet.
    const rotated = await refresh(api, before);
    expect(claimsOf(rotated).roles).toEqual(['editor']);
    const after = await signIn(api, { user: person('max', ['Admins']) });

    expect(claimsOf(after).roles).toEqual(['admin']);
    await expectProblem(await get(api, '/greetings/editors', after), 403);
    expect((await get(api, '/audit-events', after)).status).toBe(200);
    // The earlier session's refresh re-reads the groups that sign-in stored.
    expect(claimsOf(await refresh(api, rotated)).roles).toEqual(['admin']);
  });

  it('reads Entra ID claim URIs with the default attribute names', async () => {
    const tokens = await signIn(api, {
      user: person('eve', ['Web Editors']),
      attributeNames: ENTRA_NAMES,
    });

    expect(claimsOf(tokens)).toMatchObject({
      email: 'eve@example.com',
      name: 'eve Tester',
      groups: ['Web Editors'],
      roles: ['editor'],
    });
  });

  it('leaves a missing attribute empty instead of failing the sign-in', async () => {
    const tokens = await signIn(api, {
      user: person('nia', ['Everyone']),
      attributeNames: { firstName: 'not-a-configured-name', lastName: 'nor-this' },
    });

    const me = await get(api, '/users/me', tokens);
    expect(await me.json()).toMatchObject({
      email: 'nia@example.com',
      firstName: null,
      lastName: null,
    });
  });

  it('keeps a comma-joined AD FS value whole without SAML_GROUPS_SEPARATOR', async () => {
    const tokens = await signIn(api, {
      user: person('adele', ['Web Editors,Everyone']),
      attributeNames: ADFS_NAMES,
    });

    expect(claimsOf(tokens)).toMatchObject({ groups: ['Web Editors,Everyone'], roles: [] });
  });

  it('bounds the groups one sign-in stores instead of failing on many or long ones', async () => {
    const many = Array.from({ length: 300 }, (_, index) => `Group ${index}`);
    const tokens = await signIn(api, {
      user: person('gus', ['x'.repeat(300), ...many, 'Web Editors']),
    });

    const { groups, roles } = claimsOf(tokens);
    expect(groups).toHaveLength(200);
    expect(groups[0]).toBe('Group 0');
    expect(roles).toEqual([]);
  });
});

describe('AD FS roles joined by commas', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({
      env: {
        AUTH_ROLE_MAPPING: ROLE_MAPPING,
        AUTH_ADMIN_GROUPS: 'Domain Admins',
        SAML_ATTRIBUTE_GROUPS: `groups,${MS_CLAIMS}/role`,
        SAML_GROUPS_SEPARATOR: ',',
      },
    });
  });

  afterAll(async () => {
    await api.close();
  });

  it('are split into groups by SAML_GROUPS_SEPARATOR, then mapped to roles', async () => {
    const tokens = await signIn(api, {
      user: person('adam', ['Web Editors, Domain Admins,,Everyone', 'Everyone ']),
      attributeNames: ADFS_NAMES,
    });

    expect(claimsOf(tokens)).toMatchObject({
      groups: ['Web Editors', 'Domain Admins', 'Everyone'],
      roles: ['editor', 'viewer', 'admin'],
    });
    expect((await get(api, '/audit-events', tokens)).status).toBe(200);
    expect((await get(api, '/greetings/editors', tokens)).status).toBe(200);
  });
});
