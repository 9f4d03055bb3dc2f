import { createVerify, X509Certificate } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import {
  buildLogoutRequest,
  buildLogoutResponse,
  createDevIdpApp,
  DevIdpKeys,
  DevIdpUser,
  encodePostValue,
  encodeRedirectQuery,
  generateDevIdpKeys,
  LogoutRequestOptions,
  LogoutResponseOptions,
  SignatureAlgorithmName,
  signLogoutMessage,
} from '@app/dev-idp';
import { AuditService } from '@app/audit';
import { ApiHarness, startApi, TEST_IDP_ISSUER } from './api-harness';
import { freePort } from './free-port';

export function postSamlLogout(
  api: ApiHarness,
  accessToken: string,
  body: Record<string, string>,
): Promise<Response> {
  return fetch(`${api.url}/auth/saml/logout`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export function refresh(api: ApiHarness, refreshToken: string): Promise<Response> {
  return fetch(`${api.url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  });
}

export function sloUrlOf(api: ApiHarness): string {
  return `${api.url}/auth/saml/slo`;
}

/** An IdP-initiated LogoutRequest to the API's SLO endpoint, signed with `keys` unless null. */
export function idpLogoutRequestUrl(
  api: ApiHarness,
  overrides: Partial<LogoutRequestOptions> & { nameId: string },
  keys: DevIdpKeys | null = api.idpKeys,
  relayState: string | null = 'idp-relay',
): string {
  const xml = buildLogoutRequest({
    issuer: TEST_IDP_ISSUER,
    destination: sloUrlOf(api),
    ...overrides,
  });
  return `${sloUrlOf(api)}?${encodeRedirectQuery('SAMLRequest', xml, relayState, keys)}`;
}

/** The IdP's LogoutResponse to one of our LogoutRequests, signed with `keys`. */
export function idpLogoutResponseUrl(
  api: ApiHarness,
  overrides: Partial<LogoutResponseOptions> & { inResponseTo: string },
  relayState: string | null,
  keys: DevIdpKeys = api.idpKeys,
): string {
  const xml = buildLogoutResponse({
    issuer: TEST_IDP_ISSUER,
    destination: sloUrlOf(api),
    ...overrides,
  });
  return `${sloUrlOf(api)}?${encodeRedirectQuery('SAMLResponse', xml, relayState, keys)}`;
}

/**
 * A redirect-binding message from the API, its signature checked against `certPem` over the
 * parameters exactly as received (bindings §3.4.4.1), inflated to XML.
 */
export function readSignedMessage(
  url: string,
  certPem: string,
): { xml: string; relayState: string | null; signatureValid: boolean } {
  const query = url.slice(url.indexOf('?') + 1);
  const pairs = query.split('&');
  const raw = (name: string): string | undefined =>
    pairs.find((pair) => pair.startsWith(`${name}=`))?.slice(name.length + 1);
  const kind = raw('SAMLRequest') === undefined ? 'SAMLResponse' : 'SAMLRequest';
  const signed = [kind, 'RelayState', 'SigAlg']
    .filter((name) => raw(name) !== undefined)
    .map((name) => `${name}=${raw(name)}`)
    .join('&');
  const params = new URL(url).searchParams;
  const signatureValid = createVerify('RSA-SHA256')
    .update(signed)
    .verify(new X509Certificate(certPem).publicKey, params.get('Signature') ?? '', 'base64');
  const xml = inflateRawSync(Buffer.from(params.get(kind) ?? '', 'base64')).toString('utf8');
  return { xml, relayState: params.get('RelayState'), signatureValid };
}

/** An IdP-initiated LogoutRequest for the HTTP-POST binding, signed enveloped by `keys`. */
export function signedLogoutRequestXml(
  api: ApiHarness,
  overrides: Partial<LogoutRequestOptions> & { nameId: string },
  keys: DevIdpKeys = api.idpKeys,
  algorithm: SignatureAlgorithmName = 'rsa-sha256',
): string {
  const xml = buildLogoutRequest({
    issuer: TEST_IDP_ISSUER,
    destination: sloUrlOf(api),
    ...overrides,
  });
  return signLogoutMessage(xml, keys, algorithm);
}

/** The IdP's LogoutResponse for the HTTP-POST binding, signed enveloped by `keys`. */
export function signedLogoutResponseXml(
  api: ApiHarness,
  overrides: Partial<LogoutResponseOptions> & { inResponseTo: string },
  keys: DevIdpKeys = api.idpKeys,
): string {
  const xml = buildLogoutResponse({
    issuer: TEST_IDP_ISSUER,
    destination: sloUrlOf(api),
    ...overrides,
  });
  return signLogoutMessage(xml, keys);
}

/** Posts a form to the API's SLO endpoint as a browser does (bindings §3.5.4). */
export function postSlo(api: ApiHarness, fields: Record<string, string>): Promise<Response> {
  return fetch(sloUrlOf(api), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

/** Posts `xml` (base64, as the binding sends it) in the `field` form field. */
export function postSloMessage(
  api: ApiHarness,
  field: 'SAMLRequest' | 'SAMLResponse',
  xml: string,
  relayState: string | null = 'idp-relay',
): Promise<Response> {
  const fields: Record<string, string> = { [field]: encodePostValue(xml) };
  if (relayState !== null) {
    fields.RelayState = relayState;
  }
  return postSlo(api, fields);
}

/** The action and hidden fields of an auto-posting page, as a browser would submit them. */
export function readAutoPostForm(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]* action="([^"]*)"/.exec(html)?.[1];
  if (action === undefined) {
    throw new Error('no form in the page');
  }
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[unescapeHtml(match[1])] = unescapeHtml(match[2]);
  }
  return { action: unescapeHtml(action), fields };
}

function unescapeHtml(value: string): string {
  return value
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The newest audit event's id, once buffered events are written. */
export async function lastAuditId(api: ApiHarness): Promise<number> {
  await api.app.get(AuditService).flush();
  const [row] = await api.db.query<{ id: string | null }>(`SELECT max(id) AS id FROM audit_events`);
  return Number(row.id ?? 0);
}

/** The single logout audit events after `since`, oldest first. */
export async function logoutAuditSince(
  api: ApiHarness,
  since: number,
): Promise<{ type: string; reason: string | null }[]> {
  await api.app.get(AuditService).flush();
  return api.db.query(
    `SELECT type, reason FROM audit_events WHERE id > $1 AND type LIKE 'saml_logout%'
      ORDER BY id`,
    [since],
  );
}

/** A second signed-in person for single logout tests (Ada is the first). */
export const GRACE: DevIdpUser = {
  email: 'grace@example.com',
  firstName: 'Grace',
  lastName: 'Hopper',
  groups: ['Everyone'],
};

export interface SloStack {
  api: ApiHarness;
  idpUrl: string;
  /** The SP key pair that signs our logout messages (its certificate checks them). */
  spKeys: DevIdpKeys;
  close(): Promise<void>;
}

/**
 * The API with single logout on, and a dev IdP whose `/slo` answers it (by redirect, or by an
 * auto-posting page with `spSloBinding: 'post'`), on loopback ports chosen now.
 */
export async function startSloStack(spSloBinding?: 'post'): Promise<SloStack> {
  const [apiPort, idpPort] = [await freePort(), await freePort()];
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const idpUrl = `http://127.0.0.1:${idpPort}`;
  const [idpKeys, spKeys] = [generateDevIdpKeys(), generateDevIdpKeys()];
  const idp = await createDevIdpApp(
    {
      issuer: TEST_IDP_ISSUER,
      spEntityId: `${apiUrl}/auth/saml/metadata`,
      spAcsUrl: `${apiUrl}/auth/saml/acs`,
      publicUrl: idpUrl,
      keys: idpKeys,
      spSloUrl: `${apiUrl}/auth/saml/slo`,
      spCertPem: spKeys.certPem,
      spSloBinding,
    },
    { logger: false },
  );
  await idp.listen(idpPort, '127.0.0.1');
  const api = await startApi({
    port: apiPort,
    idpKeys,
    idpUrl,
    env: {
      SAML_SP_PRIVATE_KEY: spKeys.privateKeyPem,
      SAML_SP_CERT: spKeys.certPem,
      SAML_IDP_SLO_URL: `${idpUrl}/slo`,
    },
  });
  return {
    api,
    idpUrl,
    spKeys,
    close: async () => {
      await api.close();
      await idp.close();
    },
  };
}
