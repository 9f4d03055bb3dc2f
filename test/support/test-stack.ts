import { INestApplication } from '@nestjs/common';
import { createDevIdpApp, generateDevIdpKeys } from '@app/dev-idp';
import { startDemoWeb } from '../../apps/demo-web/src';
import { startApi, ApiHarness } from './api-harness';
import { freePort } from './free-port';

export interface TestStack {
  apiUrl: string;
  idpUrl: string;
  webUrl: string;
  api: ApiHarness;
  close(): Promise<void>;
}

/**
 * What `npm start` runs, on loopback ports chosen now: the API on a fresh database, the dev IdP
 * that signs with its own implementation, and the demo page on a third origin.
 */
export async function startTestStack(): Promise<TestStack> {
  const [apiPort, idpPort, webPort] = [await freePort(), await freePort(), await freePort()];
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const idpUrl = `http://127.0.0.1:${idpPort}`;
  const webUrl = `http://127.0.0.1:${webPort}`;
  const idpKeys = generateDevIdpKeys();
  const issuer = `${idpUrl}/exkdevidp`;

  const idp: INestApplication = await createDevIdpApp(
    {
      issuer,
      spEntityId: `${apiUrl}/auth/saml/metadata`,
      spAcsUrl: `${apiUrl}/auth/saml/acs`,
      publicUrl: idpUrl,
      keys: idpKeys,
    },
    { logger: false },
  );
  await idp.listen(idpPort, '127.0.0.1');
  const api = await startApi({
    port: apiPort,
    idpKeys,
    idpUrl,
    env: { SAML_IDP_ISSUER: issuer, FRONTEND_REDIRECT_URIS: `${webUrl}/callback` },
  });
  const web = await startDemoWeb({ host: '127.0.0.1', port: webPort, apiUrl });

  return {
    apiUrl,
    idpUrl,
    webUrl,
    api,
    close: async () => {
      await web.close();
      await api.close();
      await idp.close();
    },
  };
}
