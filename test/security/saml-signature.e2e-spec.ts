import { generateDevIdpKeys } from '@app/dev-idp';
import { ADA_RENAMED } from '../support/refused-responses';
import { signIn, startLogin, StartedLogin } from '../support/saml-flow';
import {
  expectAccepted,
  expectRefused,
  responseXml,
  startTarget,
  Target,
} from './support/acs-attack';
import { Canary, openCanary } from './support/canary';
import { ALG, SignatureSpec, signResponse } from './support/hostile-signer';
import { childElement, editXml, rootOf, signatureOf } from './support/saml-dom';
import {
  HMAC_CASES,
  KEY_INFO_CASES,
  SHA1_CASES,
  Signers,
  TRANSFORM_CASES,
} from './support/signature-cases';
import { SIGNING_MODES } from './support/signing-modes';

/**
 * Responses signed with the IdP's key but by rules an SP must not accept, or with the attacker's
 * key offered in KeyInfo, in both signing setups. Each case is the default signature with one
 * thing changed, and the default is shown to be accepted.
 */
describe.each(SIGNING_MODES)('signatures: $name', (mode) => {
  let target: Target;
  let canary: Canary;
  let signers: Signers;
  let login: StartedLogin;

  const unsigned = (): string =>
    responseXml(target.api, login, { user: ADA_RENAMED, sign: 'none' });
  /** Signs what this mode requires: the assertion, and the Response when it must be signed. */
  const signed = (spec: SignatureSpec = { keys: signers.idp }): string =>
    signResponse(unsigned(), spec, { response: mode.responseSigned });

  beforeAll(async () => {
    target = await startTarget(mode.env);
    canary = await openCanary();
    signers = { idp: target.api.idpKeys, attacker: generateDevIdpKeys(), canaryUrl: canary.url };
    await signIn(target.api);
  });

  beforeEach(async () => {
    login = await startLogin(target.api);
  });

  afterAll(async () => {
    await canary.close();
    await target.api.close();
  });

  it('accepts what this signer makes with the IdP key and what IdPs use', async () => {
    await expectAccepted(target, login, signed());
  });

  it('accepts exclusive c14n with comments, which SAML core §5.4.4 allows', async () => {
    const spec = { keys: signers.idp, transforms: [ALG.enveloped, ALG.excC14nWithComments] };

    await expectAccepted(target, login, signed(spec));
  });

  it.each([...KEY_INFO_CASES, ...HMAC_CASES, ...SHA1_CASES, ...TRANSFORM_CASES])(
    'refuses a response signed with $name',
    async ({ spec }) => {
      await expectRefused(target, login, signed(spec(signers)), ['signature_invalid']);
      expect(canary.connections()).toBe(0);
    },
  );

  describe('a Response signature that does not verify, whether required or not', () => {
    const bothSigned = (): string => signResponse(unsigned(), { keys: signers.idp });

    it('refuses a broken Response signature around a valid assertion signature', async () => {
      const xml = editXml(bothSigned(), (doc) => {
        const value = childElement(signatureOf(rootOf(doc)), 'SignatureValue');
        value.textContent = `AAAA${(value.textContent ?? '').slice(4)}`;
      });

      await expectRefused(target, login, xml, ['signature_invalid']);
    });

    it('refuses a Response changed after the IdP signed it', async () => {
      const xml = editXml(bothSigned(), (doc) => {
        rootOf(doc).setAttribute('IssueInstant', new Date(0).toISOString());
      });

      await expectRefused(target, login, xml, ['signature_invalid']);
    });
  });
});

describe('SHA-1 when SAML_ALLOW_SHA1=true', () => {
  let target: Target;

  beforeAll(async () => {
    target = await startTarget({ SAML_ALLOW_SHA1: 'true' });
  });

  afterAll(async () => {
    await target.api.close();
  });

  it.each(SHA1_CASES)('accepts $name', async ({ spec }) => {
    const login = await startLogin(target.api);
    const xml = responseXml(target.api, login, { sign: 'none' });

    await expectAccepted(target, login, signResponse(xml, spec({ idp: target.api.idpKeys })));
  });
});
