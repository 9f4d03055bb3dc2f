import { ApiHarness, startApi, TEST_IDP_ISSUER } from '../support/api-harness';
import { signIn } from '../support/saml-flow';

async function me(api: ApiHarness, accessToken: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${api.url}/users/me`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe('users provisioned from the assertion', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({
      env: {
        SAML_ATTRIBUTE_EMAIL: 'urn:oid:0.9.2342.19200300.100.1.3',
        SAML_ATTRIBUTE_FIRST_NAME: 'givenName',
        SAML_ATTRIBUTE_LAST_NAME: 'sn',
        SAML_ATTRIBUTE_GROUPS: 'memberOf',
      },
    });
  });

  afterAll(async () => {
    await api.close();
  });

  const attributeNames = {
    email: 'urn:oid:0.9.2342.19200300.100.1.3',
    firstName: 'givenName',
    lastName: 'sn',
    groups: 'memberOf',
  };

  it('maps attribute names, keeps one group as a list, keys users by issuer + NameID', async () => {
    const grace = {
      email: 'grace@example.com',
      firstName: 'Grace',
      lastName: 'Hopper',
      groups: ['Everyone'],
      nameId: '00u-grace',
    };
    const first = await signIn(api, { user: grace, attributeNames });
    const profile = await me(api, first.access_token);
    expect(profile).toMatchObject({
      email: 'grace@example.com',
      firstName: 'Grace',
      lastName: 'Hopper',
      groups: ['Everyone'],
      issuer: TEST_IDP_ISSUER,
      nameId: '00u-grace',
    });

    // The IdP is the source of truth: the next sign-in updates the same row.
    const renamed = {
      ...grace,
      lastName: 'Murray Hopper',
      email: 'grace.hopper@example.com',
      groups: ['Everyone', 'Navy'],
    };
    const second = await signIn(api, { user: renamed, attributeNames });
    const updated = await me(api, second.access_token);
    expect(updated).toMatchObject({
      id: profile.id,
      lastName: 'Murray Hopper',
      email: 'grace.hopper@example.com',
      groups: ['Everyone', 'Navy'],
    });
    const rows = await api.db.query<{ count: string }>(
      `SELECT count(*) FROM users WHERE name_id = '00u-grace'`,
    );
    expect(rows[0].count).toBe('1');
  });

  it('signs in a user whose IdP sends no optional attributes', async () => {
    const bare = { email: 'x', firstName: '', lastName: '', groups: [], nameId: '00u-bare' };
    const tokens = await signIn(api, {
      user: bare,
      attributeNames: { email: 'none', firstName: 'none2', lastName: 'none3', groups: 'none4' },
    });
    expect(await me(api, tokens.access_token)).toMatchObject({
      nameId: '00u-bare',
      email: null,
      groups: [],
    });
  });
});
