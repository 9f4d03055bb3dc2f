import { createVerify, X509Certificate } from 'node:crypto';
import { expect } from '@jest/globals';
import { generateDevIdpKeys } from '@app/dev-idp';
import { ApiHarness, startApi, TEST_FRONTEND } from '../support/api-harness';
import { signIn } from '../support/saml-flow';

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const bare = (pem: string): string => pem.replace(/-----[A-Z ]+-----|\s/g, '');

/** The raw query, in order, as the IdP checks it (bindings §3.4.4.1): never re-encoded. */
function signedPart(query: string): { signed: string; signature: string; sigAlg: string } {
  const pairs = query.split('&');
  const pick = (name: string): string | undefined => pairs.find((p) => p.startsWith(`${name}=`));
  const signed = ['SAMLRequest', 'RelayState', 'SigAlg']
    .map(pick)
    .filter((pair): pair is string => pair !== undefined)
    .join('&');
  return {
    signed,
    signature: decodeURIComponent((pick('Signature') ?? '').slice('Signature='.length)),
    sigAlg: decodeURIComponent((pick('SigAlg') ?? '').slice('SigAlg='.length)),
  };
}

describe('signed AuthnRequests and SP metadata', () => {
  const current = generateDevIdpKeys();
  const next = generateDevIdpKeys();
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({
      env: {
        SAML_SP_PRIVATE_KEY: current.privateKeyPem,
        SAML_SP_CERT: current.certPem + next.certPem,
      },
    });
  });

  afterAll(async () => {
    await api.close();
  });

  it('signs the redirect with RSA-SHA256 under the configured key', async () => {
    const query = new URLSearchParams({
      redirect_uri: TEST_FRONTEND,
      state: 's',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    const response = await fetch(`${api.url}/auth/saml/login?${query.toString()}`, {
      redirect: 'manual',
    });
    const location = response.headers.get('location') ?? '';
    const { signed, signature, sigAlg } = signedPart(location.split('?')[1] ?? '');
    expect(sigAlg).toBe(RSA_SHA256);
    const verifier = createVerify('RSA-SHA256').update(signed);
    expect(
      verifier.verify(new X509Certificate(current.certPem).publicKey, signature, 'base64'),
    ).toBe(true);
    const other = createVerify('RSA-SHA256').update(signed);
    expect(other.verify(new X509Certificate(next.certPem).publicKey, signature, 'base64')).toBe(
      false,
    );
  });

  it('publishes both certificates during a rollover and says requests are signed', async () => {
    const metadata = await (await fetch(`${api.url}/auth/saml/metadata`)).text();
    expect(metadata).toMatch(/AuthnRequestsSigned="true"/);
    // Certificates are wrapped over several lines in the document.
    const compact = metadata.replace(/\s/g, '');
    expect(compact).toContain(bare(current.certPem));
    expect(compact).toContain(bare(next.certPem));
    expect(metadata).toContain(`entityID="${api.env.SAML_SP_ENTITY_ID}"`);
    expect(metadata).toContain(api.env.SAML_SP_ACS_URL);
  });

  it('still signs people in', async () => {
    expect((await signIn(api)).token_type).toBe('Bearer');
  });
});
