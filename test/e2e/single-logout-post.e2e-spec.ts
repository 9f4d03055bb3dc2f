import { expect } from '@jest/globals';
import { buildLogoutRequest, DevIdpKeys, generateDevIdpKeys } from '@app/dev-idp';
import { ApiHarness, TEST_FRONTEND, TEST_IDP_ISSUER } from '../support/api-harness';
import { ADA, signIn, SignedIn } from '../support/saml-flow';
import {
  lastAuditId,
  logoutAuditSince,
  postSamlLogout,
  postSlo,
  postSloMessage,
  readAutoPostForm,
  readSignedMessage,
  refresh,
  signedLogoutRequestXml,
  signedLogoutResponseXml,
  sloUrlOf,
  GRACE,
  SloStack,
  startSloStack,
} from '../support/single-logout-flow';
import { familyRevocation } from '../support/token-flow';

const SIGNATURE = /<ds:Signature[\s\S]*<\/ds:Signature>/;

/** Single logout with the HTTP-POST binding, the one Okta answers our LogoutRequest with. */
describe('SAML single logout, HTTP-POST binding', () => {
  let stack: SloStack;
  let api: ApiHarness;
  let idpUrl: string;
  let spKeys: DevIdpKeys;

  beforeAll(async () => {
    stack = await startSloStack('post');
    ({ api, idpUrl, spKeys } = stack);
  });

  afterAll(async () => {
    await stack.close();
  });

  /** Starts SP-initiated logout; returns our LogoutRequest's URL at the IdP and its ID. */
  async function startSpLogout(
    session: SignedIn,
    state: string,
  ): Promise<{ url: URL; requestId: string }> {
    const response = await postSamlLogout(api, session.access_token, {
      refresh_token: session.refresh_token,
      redirect_uri: TEST_FRONTEND,
      state,
    });
    expect(response.status).toBe(200);
    const url = new URL(((await response.json()) as { logout_url: string }).logout_url);
    const { xml } = readSignedMessage(url.toString(), spKeys.certPem);
    return { url, requestId: /\bID="([^"]+)"/.exec(xml)?.[1] ?? '' };
  }

  async function expectProblem(response: Response): Promise<void> {
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(((await response.json()) as { status: number }).status).toBe(400);
  }

  it('publishes the POST single logout endpoint beside the Redirect one', async () => {
    const xml = await (await fetch(`${api.url}/auth/saml/metadata`)).text();
    const location = `Location="${sloUrlOf(api)}"`;
    expect(xml).toContain(
      '<SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" ' +
        `${location}/>` +
        '<SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" ' +
        `${location}/>`,
    );
  });

  it('SP-initiated: a posted signed LogoutResponse lands with state, once', async () => {
    const since = await lastAuditId(api);
    const session = await signIn(api);
    const { url } = await startSpLogout(session, 'bye-post');
    expect(await familyRevocation(api, session.refresh_token)).toBe('logout');

    const atIdp = await fetch(url, { redirect: 'manual' });
    expect(atIdp.status).toBe(200);
    expect(atIdp.headers.get('content-type')).toContain('text/html');
    const form = readAutoPostForm(await atIdp.text());
    expect(form.action).toBe(sloUrlOf(api));
    expect(form.fields.RelayState).toBe(url.searchParams.get('RelayState'));
    const posted = Buffer.from(form.fields.SAMLResponse, 'base64').toString('utf8');
    expect(posted).toMatch(
      /^<saml2p:LogoutResponse [^>]*><saml2:Issuer [^>]*>[^<]*<\/saml2:Issuer><ds:Signature/,
    );

    const back = await postSlo(api, form.fields);
    expect(back.status).toBe(302);
    expect(back.headers.get('cache-control')).toBe('no-store');
    const landing = new URL(back.headers.get('location') ?? '');
    expect(`${landing.origin}${landing.pathname}`).toBe(TEST_FRONTEND);
    expect(landing.searchParams.get('state')).toBe('bye-post');
    expect(landing.searchParams.get('error')).toBeNull();
    expect(await logoutAuditSince(api, since)).toEqual([
      { type: 'saml_logout_started', reason: null },
      { type: 'saml_logout_completed', reason: null },
    ]);

    await expectProblem(await postSlo(api, form.fields));
  });

  it('SP-initiated: refuses a posted answer to another request or by another key', async () => {
    const session = await signIn(api);
    const { url, requestId } = await startSpLogout(session, 'bye-refused');
    const relayState = url.searchParams.get('RelayState');
    const since = await lastAuditId(api);

    const unknown = signedLogoutResponseXml(api, { inResponseTo: '_not-ours' });
    await expectProblem(await postSloMessage(api, 'SAMLResponse', unknown, relayState));
    const forged = signedLogoutResponseXml(api, { inResponseTo: requestId }, generateDevIdpKeys());
    await expectProblem(await postSloMessage(api, 'SAMLResponse', forged, relayState));
    const otherRelay = signedLogoutResponseXml(api, { inResponseTo: requestId });
    await expectProblem(await postSloMessage(api, 'SAMLResponse', otherRelay, 'not-ours'));
    expect(await logoutAuditSince(api, since)).toEqual([
      { type: 'saml_logout_refused', reason: 'unknown_logout_request' },
      { type: 'saml_logout_refused', reason: 'signature_invalid' },
      { type: 'saml_logout_refused', reason: 'unknown_logout_request' },
    ]);

    // The refusals consumed nothing: the genuine answer still completes.
    const genuine = signedLogoutResponseXml(api, { inResponseTo: requestId });
    const back = await postSloMessage(api, 'SAMLResponse', genuine, relayState);
    expect(back.status).toBe(302);
    expect(new URL(back.headers.get('location') ?? '').searchParams.get('state')).toBe(
      'bye-refused',
    );
  });

  it('IdP-initiated: a posted LogoutRequest revokes every session of that NameID', async () => {
    const since = await lastAuditId(api);
    const nameId = `ada-post-${Date.now()}@example.com`;
    const first = await signIn(api, { user: { ...ADA, email: nameId } });
    const second = await signIn(api, { user: { ...ADA, email: nameId } });
    const grace = await signIn(api, { user: GRACE });

    const xml = signedLogoutRequestXml(api, { nameId, id: '_idp-post-logout-1' });
    const response = await postSloMessage(api, 'SAMLRequest', xml);
    expect(response.status).toBe(302);
    const location = response.headers.get('location') ?? '';
    expect(location.startsWith(`${idpUrl}/slo?`)).toBe(true);
    const answer = readSignedMessage(location, spKeys.certPem);
    expect(answer.signatureValid).toBe(true);
    expect(answer.relayState).toBe('idp-relay');
    expect(answer.xml).toContain('InResponseTo="_idp-post-logout-1"');
    expect(answer.xml).toContain('urn:oasis:names:tc:SAML:2.0:status:Success');

    expect(await familyRevocation(api, first.refresh_token)).toBe('saml_logout');
    expect(await familyRevocation(api, second.refresh_token)).toBe('saml_logout');
    expect((await refresh(api, second.refresh_token)).status).toBe(400);
    expect(await familyRevocation(api, grace.refresh_token)).toBeNull();
    expect((await refresh(api, grace.refresh_token)).status).toBe(200);
    expect(await logoutAuditSince(api, since)).toEqual([
      { type: 'saml_logout_requested', reason: null },
      { type: 'saml_logout_requested', reason: null },
    ]);
  });

  describe('refuses a posted LogoutRequest, revoking nothing', () => {
    let victim: SignedIn;
    let nameId: string;

    beforeAll(async () => {
      nameId = `post-victim-${Date.now()}@example.com`;
      victim = await signIn(api, { user: { ...ADA, email: nameId } });
    });

    afterEach(async () => {
      expect(await familyRevocation(api, victim.refresh_token)).toBeNull();
    });

    async function expectRefused(send: () => Promise<Response>, reason: string): Promise<void> {
      const since = await lastAuditId(api);
      await expectProblem(await send());
      expect(await logoutAuditSince(api, since)).toEqual([{ type: 'saml_logout_refused', reason }]);
    }

    /** A LogoutRequest for the victim that no IdP signed, with `inside` after its Issuer. */
    function forgedRequest(id: string, inside: string): string {
      const xml = buildLogoutRequest({
        issuer: TEST_IDP_ISSUER,
        destination: sloUrlOf(api),
        nameId,
        id,
      });
      return xml.replace('</saml2:Issuer>', `</saml2:Issuer>${inside}`);
    }

    it('unsigned', async () => {
      const xml = buildLogoutRequest({
        issuer: TEST_IDP_ISSUER,
        destination: sloUrlOf(api),
        nameId,
      });
      await expectRefused(() => postSloMessage(api, 'SAMLRequest', xml), 'signature_missing');
    });

    it('signed with another key', async () => {
      const xml = signedLogoutRequestXml(api, { nameId }, generateDevIdpKeys());
      await expectRefused(() => postSloMessage(api, 'SAMLRequest', xml), 'signature_invalid');
    });

    it('signed with SHA-1', async () => {
      const xml = signedLogoutRequestXml(api, { nameId }, api.idpKeys, 'rsa-sha1');
      await expectRefused(() => postSloMessage(api, 'SAMLRequest', xml), 'signature_invalid');
    });

    it('with signed content changed (another NameID)', async () => {
      const signed = signedLogoutRequestXml(api, { nameId: 'someone-else@example.com' });
      const xml = signed.replace('someone-else@example.com', nameId);
      await expectRefused(() => postSloMessage(api, 'SAMLRequest', xml), 'signature_invalid');
    });

    it('wrapped: the signature covers a nested genuine request, not the message', async () => {
      const signed = signedLogoutRequestXml(api, { nameId: 'innocent@example.com', id: '_w1' });
      const signature = SIGNATURE.exec(signed)?.[0] ?? '';
      const genuine = signed.replace(signature, '');
      const xml = forgedRequest(
        '_evil-1',
        `${signature}<saml2p:Extensions>${genuine}</saml2p:Extensions>`,
      );
      await expectRefused(() => postSloMessage(api, 'SAMLRequest', xml), 'signature_invalid');
    });

    it('wrapped: the message takes the ID of the nested genuine request', async () => {
      const signed = signedLogoutRequestXml(api, { nameId: 'innocent@example.com', id: '_w2' });
      const signature = SIGNATURE.exec(signed)?.[0] ?? '';
      const genuine = signed.replace(signature, '');
      const xml = forgedRequest(
        '_w2',
        `${signature}<saml2p:Extensions>${genuine}</saml2p:Extensions>`,
      );
      await expectRefused(() => postSloMessage(api, 'SAMLRequest', xml), 'signature_invalid');
    });

    it('wrapped: a signed request nested inside an unsigned one', async () => {
      const signed = signedLogoutRequestXml(api, { nameId: 'innocent@example.com', id: '_w3' });
      const xml = forgedRequest('_evil-3', `<saml2p:Extensions>${signed}</saml2p:Extensions>`);
      await expectRefused(() => postSloMessage(api, 'SAMLRequest', xml), 'signature_missing');
    });

    it('from another issuer', async () => {
      const xml = signedLogoutRequestXml(api, { nameId, issuer: 'http://www.okta.example/other' });
      await expectRefused(() => postSloMessage(api, 'SAMLRequest', xml), 'issuer_mismatch');
    });

    it('for another destination', async () => {
      const xml = signedLogoutRequestXml(api, { nameId, destination: 'https://other.example/slo' });
      await expectRefused(() => postSloMessage(api, 'SAMLRequest', xml), 'destination_mismatch');
    });

    it('expired', async () => {
      const past = new Date(Date.now() - 20 * 60 * 1000);
      const xml = signedLogoutRequestXml(api, {
        nameId,
        now: past,
        notOnOrAfter: new Date(past.getTime() + 60_000),
      });
      await expectRefused(() => postSloMessage(api, 'SAMLRequest', xml), 'time_window');
    });

    it('with a DOCTYPE', async () => {
      const xml = `<!DOCTYPE x [<!ENTITY e "e">]>${signedLogoutRequestXml(api, { nameId })}`;
      await expectRefused(() => postSloMessage(api, 'SAMLRequest', xml), 'doctype_forbidden');
    });

    it('with a comment, even one the signature would ignore', async () => {
      const signed = signedLogoutRequestXml(api, { nameId });
      const xml = signed.replace('</saml2:NameID>', '<!-- x --></saml2:NameID>');
      await expectRefused(() => postSloMessage(api, 'SAMLRequest', xml), 'xml_comment_forbidden');
    });

    it('replayed', async () => {
      const other = `post-replay-${Date.now()}@example.com`;
      const xml = signedLogoutRequestXml(api, { nameId: other, id: `_post-replay-${Date.now()}` });
      expect((await postSloMessage(api, 'SAMLRequest', xml)).status).toBe(302);
      await expectRefused(() => postSloMessage(api, 'SAMLRequest', xml), 'replayed_request');
    });

    it('a LogoutRequest sent as a SAMLResponse', async () => {
      const xml = signedLogoutRequestXml(api, { nameId });
      await expectRefused(() => postSloMessage(api, 'SAMLResponse', xml), 'malformed');
    });

    it('malformed forms: nothing, both fields, a repeated field, not base64', async () => {
      const message = Buffer.from(signedLogoutRequestXml(api, { nameId })).toString('base64');
      await expectRefused(() => postSlo(api, { RelayState: 'x' }), 'malformed');
      await expectRefused(
        () => postSlo(api, { SAMLRequest: message, SAMLResponse: message }),
        'malformed',
      );
      await expectRefused(
        () =>
          fetch(sloUrlOf(api), {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: `SAMLRequest=${encodeURIComponent(message)}&SAMLRequest=x`,
          }),
        'malformed',
      );
      await expectRefused(() => postSlo(api, { SAMLRequest: '%%% not base64' }), 'malformed');
    });
  });
});
