import { expect } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { generateDevIdpKeys } from '@app/dev-idp';
import { splitCertificates } from './certificates';
import { IdpSettings } from './idp-metadata';
import { IdpMetadataUrlSource } from './idp-source';
import { MetadataUrlIdpSettingsSource } from './metadata-url-idp-settings.source';
import { InvalidConfigurationError } from './validate-environment';

const first = generateDevIdpKeys().certPem;
const second = generateDevIdpKeys().certPem;
const ISSUER = 'http://www.okta.com/exk-rotating';

function metadata(...certificates: string[]): string {
  const keys = certificates
    .map((pem) => pem.replace(/-----[A-Z ]+-----|\s/g, ''))
    .map(
      (body) =>
        '<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data>' +
        `<ds:X509Certificate>${body}</ds:X509Certificate>` +
        '</ds:X509Data></ds:KeyInfo></md:KeyDescriptor>',
    );
  return (
    '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" ' +
    `xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${ISSUER}">` +
    '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">' +
    keys.join('') +
    '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" ' +
    'Location="https://idp.example/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>'
  );
}

/** What the metadata server answers next; tests change it to rotate or to break the IdP. */
let answer: { status: number; body: string };
let requests = 0;
let server: Server;
let source: IdpMetadataUrlSource;
let log: { info: jest.SpyInstance; warn: jest.SpyInstance };

beforeAll(async () => {
  server = createServer((_request, response) => {
    requests += 1;
    response.statusCode = answer.status;
    response.end(answer.body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  source = {
    kind: 'metadata_url',
    url: `http://127.0.0.1:${port}/metadata`,
    refreshIntervalMs: 3_600_000,
    timeoutMs: 1000,
    maxBytes: 65536,
  };
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

beforeEach(() => {
  answer = { status: 200, body: metadata(first) };
  requests = 0;
  log = {
    info: jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined),
    warn: jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined),
  };
  jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
});

afterEach(() => jest.restoreAllMocks());

async function started(
  options: Partial<IdpMetadataUrlSource> = {},
): Promise<MetadataUrlIdpSettingsSource> {
  const sut = new MetadataUrlIdpSettingsSource({ ...source, ...options });
  await sut.onModuleInit();
  return sut;
}

describe(MetadataUrlIdpSettingsSource.name, () => {
  const sources: MetadataUrlIdpSettingsSource[] = [];
  afterEach(() => sources.splice(0).forEach((sut) => sut.onModuleDestroy()));

  async function sut(
    options: Partial<IdpMetadataUrlSource> = {},
  ): Promise<MetadataUrlIdpSettingsSource> {
    const created = await started(options);
    sources.push(created);
    return created;
  }

  it('has no settings before the application initialises it', () => {
    expect(() => new MetadataUrlIdpSettingsSource(source).current()).toThrow(/not been fetched/);
  });

  it('fetches the metadata at start and logs that it did', async () => {
    const idp = await sut();

    expect(idp.current()).toMatchObject({
      issuer: ISSUER,
      ssoUrl: 'https://idp.example/sso',
      certificates: splitCertificates(first),
    });
    expect(idp.status()).toMatchObject({ source: 'metadata_url', staleSince: null });
    expect(log.info).toHaveBeenCalledWith(
      expect.objectContaining({ event: 'idp_metadata_loaded', certificates: 1 }),
    );
  });

  it.each([
    ['an error status', { status: 503, body: 'down' }, 'answered HTTP 503'],
    ['a document that is not XML', { status: 200, body: 'not xml <' }, 'is not well-formed XML'],
    [
      'a certificate that is not X.509',
      { status: 200, body: metadata(first).replace('<ds:X509Certificate>', '$&AAAA') },
      'has a signing certificate (#1) that is not X.509',
    ],
  ])('refuses to start on %s, with one configuration message', async (_label, bad, reason) => {
    answer = bad;
    const start = new MetadataUrlIdpSettingsSource(source).onModuleInit();

    await expect(start).rejects.toThrow(InvalidConfigurationError);
    await expect(start).rejects.toThrow(
      `SAML_IDP_METADATA_URL: ${JSON.stringify(source.url)} ${reason}`,
    );
  });

  it('takes new certificates from a refresh and tells the listeners', async () => {
    const idp = await sut();
    const before = idp.current();
    const heard: IdpSettings[] = [];
    idp.onChange((settings) => heard.push(settings));

    answer = { status: 200, body: metadata(second, first) };

    await expect(idp.refresh()).resolves.toBe(true);
    expect(idp.current().certificates).toEqual([
      ...splitCertificates(second),
      ...before.certificates,
    ]);
    expect(heard).toEqual([idp.current()]);
    expect(log.info).toHaveBeenCalledWith(
      expect.objectContaining({ event: 'idp_metadata_refreshed', changed: true, certificates: 2 }),
    );
  });

  it('keeps the same settings object when the document has not changed', async () => {
    const idp = await sut();
    const before = idp.current();
    const listener = jest.fn();
    idp.onChange(listener);

    await expect(idp.refresh()).resolves.toBe(false);

    expect(idp.current()).toBe(before);
    expect(listener).not.toHaveBeenCalled();
  });

  it.each([
    ['a 500', { status: 500, body: 'boom' }, 'metadata answered HTTP 500'],
    ['garbage', { status: 200, body: '<<<garbage' }, 'metadata is not well-formed XML'],
    [
      'a DOCTYPE',
      { status: 200, body: `<!DOCTYPE x [<!ENTITY a "b">]>${metadata(second)}` },
      'metadata has a DOCTYPE, which is not allowed',
    ],
  ])('keeps the last good settings after %s, and warns', async (_label, bad, reason) => {
    const idp = await sut();
    const good = idp.current();
    answer = bad;

    await expect(idp.refresh()).resolves.toBe(false);

    expect(idp.current()).toBe(good);
    expect(idp.status()).toMatchObject({ staleSince: expect.any(Date), lastFailure: reason });
    expect(log.warn).toHaveBeenCalledTimes(1);
    const [entry] = log.warn.mock.calls[0] as [Record<string, unknown>];
    expect(entry).toEqual({
      event: 'idp_metadata_refresh_failed',
      reason,
      staleSince: expect.any(String),
      keptSince: expect.any(String),
    });
  });

  it('stays stale since the first failure, and recovers on the next good fetch', async () => {
    const idp = await sut();
    answer = { status: 500, body: '' };
    await idp.refresh();
    const since = idp.status().staleSince;
    await idp.refresh();
    expect(idp.status().staleSince).toBe(since);

    answer = { status: 200, body: metadata(first) };
    await idp.refresh();

    expect(idp.status()).toMatchObject({ staleSince: null, lastFailure: null });
    expect(log.info).toHaveBeenCalledWith(
      expect.objectContaining({ event: 'idp_metadata_refreshed', changed: false }),
    );
  });

  it('shares one fetch between refreshes asked for at once', async () => {
    const idp = await sut();
    requests = 0;

    await Promise.all([idp.refresh(), idp.refresh(), idp.refresh()]);

    expect(requests).toBe(1);
  });

  it('refreshes on its schedule, and stops when the application closes', async () => {
    const idp = await sut({ refreshIntervalMs: 40 });
    answer = { status: 200, body: metadata(second) };

    await waitFor(() => idp.current().certificates[0] === splitCertificates(second)[0]);
    idp.onModuleDestroy();
    const after = requests;
    await new Promise((done) => setTimeout(done, 150));

    expect(requests).toBe(after);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error('the condition did not become true in time');
    }
    await new Promise((done) => setTimeout(done, 10));
  }
}
