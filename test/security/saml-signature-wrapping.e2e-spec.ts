import { ADA_RENAMED, NEWCOMER } from '../support/refused-responses';
import { signIn, startLogin, StartedLogin } from '../support/saml-flow';
import {
  expectAccepted,
  expectRefused,
  responseXml,
  startTarget,
  Target,
} from './support/acs-attack';
import { signElement, signResponse } from './support/hostile-signer';
import { assertionOf, editXml, parseXml, removeSignature, rootOf } from './support/saml-dom';
import {
  genuineSignatureVerifies,
  prepareWrapping,
  wrapped,
  WRAPPING_CASES,
  WRAPPING_REASONS,
} from './support/signature-wrapping';
import { SIGNING_MODES } from './support/signing-modes';

/**
 * XML signature wrapping: the attacker (Eve) holds a response the IdP genuinely signed for her
 * own login, and rearranges it so that a forged assertion for the victim (Ada, signed in before)
 * is what gets read, while the genuine signature still verifies somewhere in the document.
 */
describe.each(SIGNING_MODES)('signature wrapping: $name', (mode) => {
  let target: Target;
  let login: StartedLogin;

  /**
   * What the IdP gives Eve. Where the SP does not need the Response signed, she drops that
   * signature, since her edits break it; unless she hides something inside it.
   */
  const genuine = (keepResponseSignature = false): string => {
    const xml = responseXml(target.api, login, { user: NEWCOMER });
    if (mode.responseSigned || keepResponseSignature) {
      return xml;
    }
    return editXml(xml, (doc) => removeSignature(rootOf(doc)));
  };
  const forged = (): string => responseXml(target.api, login, { user: ADA_RENAMED, sign: 'none' });

  beforeAll(async () => {
    target = await startTarget(mode.env);
    await signIn(target.api);
  });

  beforeEach(async () => {
    login = await startLogin(target.api);
  });

  afterAll(async () => {
    await target.api.close();
  });

  it.each(WRAPPING_CASES)('refuses $name', async (wrapping) => {
    const parts = prepareWrapping(genuine(wrapping.usesResponseSignature), forged());
    const xml = wrapped(parts, wrapping.wrap);
    // What makes it an attack: the IdP's signature still verifies somewhere in the document.
    const survives = genuineSignatureVerifies(xml, target.api.idpKeys.certPem);
    expect(survives).toBe(wrapping.signatureSurvives ?? true);

    await expectRefused(target, login, xml, WRAPPING_REASONS);
  });

  it('refuses two assertions even when the IdP signed each of them and the Response', async () => {
    const spec = { keys: target.api.idpKeys };
    const second = assertionOf(parseXml(forged()));
    const unsigned = responseXml(target.api, login, { user: NEWCOMER, sign: 'none' });
    const twoAssertions = editXml(unsigned, (doc) => {
      rootOf(doc).appendChild(doc.importNode(second, true));
    });
    const secondSigned = signElement(twoAssertions, second.getAttribute('ID') ?? '', spec);
    const xml = signResponse(secondSigned, spec, { response: mode.responseSigned });

    await expectRefused(target, login, xml, WRAPPING_REASONS);
  });

  it('refuses a Response and an Assertion that share one ID, both signed by the IdP', async () => {
    const shared = `_shared${Date.now()}`;
    const xml = responseXml(target.api, login, {
      user: NEWCOMER,
      responseId: shared,
      assertionId: shared,
      sign: mode.responseSigned ? 'both' : 'assertion',
    });

    await expectRefused(target, login, xml, WRAPPING_REASONS);
  });

  it('refuses the genuine response with another, equivalent prefix (c14n keeps it)', async () => {
    const xml = genuine()
      .replace(/saml2:/g, 'saml:')
      .replace(/xmlns:saml2=/g, 'xmlns:saml=');

    await expectRefused(target, login, xml, WRAPPING_REASONS);
  });

  it('accepts the genuine response: each refusal above is down to the wrapping', async () => {
    await expectAccepted(target, login, genuine());
  });
});
