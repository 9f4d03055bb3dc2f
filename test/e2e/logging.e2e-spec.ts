import { ApiHarness, startApi } from '../support/api-harness';
import { LogCapture } from '../support/log-capture';
import { idpResponse, postAcs, postToken, signIn, startLogin } from '../support/saml-flow';

describe('what the API logs', () => {
  const capture = new LogCapture();
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({ env: { LOG_LEVEL: 'info' }, logDestination: capture });
  });

  afterAll(async () => {
    await api.close();
  });

  it('names each auth step, never codes, tokens, RelayState or the SAML document', async () => {
    const secrets: string[] = [];
    const tokens = await signIn(api);
    secrets.push(tokens.access_token, tokens.refresh_token);
    const refreshed = (await (
      await postToken(api, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })
    ).json()) as {
      refresh_token: string;
    };
    secrets.push(refreshed.refresh_token);

    const login = await startLogin(api);
    const samlResponse = idpResponse(api, login, { audience: 'https://someone-else.example' });
    const refused = await postAcs(api, samlResponse, login.relayState);
    expect(refused.status).toBe(302);
    secrets.push(login.relayState, samlResponse, samlResponse.slice(0, 40));

    expect(capture.events()).toEqual(
      expect.arrayContaining([
        'saml_login_started',
        'saml_login_succeeded',
        'code_exchanged',
        'token_refreshed',
        'saml_login_refused',
      ]),
    );
    const refusal = capture.lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((l) => l.event === 'saml_login_refused');
    expect(refusal).toMatchObject({ reason: 'audience_mismatch' });
    expect(JSON.stringify(refusal)).not.toContain('someone-else');

    const everything = capture.lines.join('\n');
    for (const secret of secrets) {
      expect(everything).not.toContain(secret);
    }
    expect(everything).not.toContain('ada@example.com');
    expect(everything).not.toMatch(/<saml|SAMLResponse=|code=/);
  });

  it('tags every request line with the caller X-Request-Id and returns it', async () => {
    const response = await fetch(`${api.url}/health`, {
      headers: { 'x-request-id': 'trace-abc.123' },
    });
    expect(response.headers.get('x-request-id')).toBe('trace-abc.123');
    expect(capture.lines.some((line) => line.includes('"id":"trace-abc.123"'))).toBe(true);
  });
});
