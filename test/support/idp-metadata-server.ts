import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { buildIdpMetadata, DevIdpKeys } from '@app/dev-idp';

export interface MetadataServer {
  /** Where the metadata is served, on loopback. */
  url: string;
  /** What the next requests get: an IdP that rotates, breaks or recovers. */
  serve(body: string, status?: number): void;
  /** Requests received so far. */
  requests(): number;
  close(): Promise<void>;
}

/** An IdP's metadata endpoint as a tiny node:http server whose answer the test sets. */
export async function startMetadataServer(body: string): Promise<MetadataServer> {
  let answer = { body, status: 200 };
  let requests = 0;
  const server = createServer((_request, response) => {
    requests += 1;
    response.writeHead(answer.status, { 'content-type': 'application/samlmetadata+xml' });
    response.end(answer.body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/app/exk-test/sso/saml/metadata`,
    serve: (next, status = 200) => {
      answer = { body: next, status };
    },
    requests: () => requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}

export interface TestIdpMetadata {
  issuer: string;
  /** The IdP's base URL; its SSO endpoint is `<idpUrl>/sso`. */
  idpUrl: string;
  /** Signing certificates, in the order the metadata lists them. */
  signingKeys: DevIdpKeys[];
}

/**
 * The dev IdP's metadata document, with one signing KeyDescriptor per key: how an IdP
 * publishes its next certificate beside the current one.
 */
export function idpMetadata(idp: TestIdpMetadata): string {
  const [firstKey, ...others] = idp.signingKeys;
  const xml = buildIdpMetadata({
    issuer: idp.issuer,
    publicUrl: idp.idpUrl,
    keys: firstKey,
    spEntityId: 'unused-by-metadata',
    spAcsUrl: 'http://127.0.0.1/unused-by-metadata',
  });
  const descriptor = /<md:KeyDescriptor use="signing">[\s\S]*?<\/md:KeyDescriptor>/.exec(xml)?.[0];
  if (!descriptor) {
    throw new Error('the dev IdP metadata has no signing KeyDescriptor');
  }
  const bodyOf = (pem: string): string => pem.replace(/-----[A-Z ]+-----|\s/g, '');
  const extra = others.map((keys) =>
    descriptor.replace(bodyOf(firstKey.certPem), bodyOf(keys.certPem)),
  );
  return xml.replace(descriptor, [descriptor, ...extra].join(''));
}

/** The variables that point the API at metadata instead of SAML_IDP_SSO_URL/ISSUER/CERT. */
export function metadataEnvironment(variable: string, value: string): Record<string, string> {
  // An empty value counts as unset: the harness's explicit IdP variables are removed.
  return { SAML_IDP_SSO_URL: '', SAML_IDP_ISSUER: '', SAML_IDP_CERT: '', [variable]: value };
}
