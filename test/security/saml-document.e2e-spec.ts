import { ADA, signIn, startLogin, StartedLogin } from '../support/saml-flow';
import {
  expectRefused,
  expectRefusedEncoded,
  responseXml,
  startTarget,
  Target,
} from './support/acs-attack';
import { Canary, openCanary } from './support/canary';

/** What an attacker registers at the IdP: the victim's address with more after it. */
const LOOKALIKE = {
  ...ADA,
  email: `${ADA.email}.evil.example`,
  firstName: 'Eve',
  groups: ['Root'],
};

/** Puts a comment right after the victim's address inside these elements. */
function splitAfterVictim(xml: string, elements: string[]): string {
  return elements.reduce(
    (out, element) =>
      out.replace(
        `>${LOOKALIKE.email}</${element}>`,
        `>${ADA.email}<!---->.evil.example</${element}>`,
      ),
    xml,
  );
}

/** DOCTYPEs, each naming a loopback URL, and the entity reference that would use them. */
const DOCTYPES: [string, (url: (path: string) => string) => string, string][] = [
  ['an external entity', (url) => `<!DOCTYPE r [<!ENTITY x SYSTEM "${url('/entity')}">]>`, '&x;'],
  ['an external DTD', (url) => `<!DOCTYPE saml2p:Response SYSTEM "${url('/dtd')}">`, ''],
  ['a public DTD', (url) => `<!DOCTYPE r PUBLIC "-//Evil//DTD//EN" "${url('/public')}">`, ''],
  [
    'an external parameter entity',
    (url) => `<!DOCTYPE r [<!ENTITY % remote SYSTEM "${url('/param')}"> %remote;]>`,
    '',
  ],
  [
    'parameter entities declaring a general one',
    () => '<!DOCTYPE r [<!ENTITY % a "&#x3C;!ENTITY b \'lol\'&#x3E;"> %a; %a; %a;]>',
    '&b;',
  ],
  ['a lowercase doctype', (url) => `<!doctype r SYSTEM "${url('/lower')}">`, ''],
];

describe('hostile SAML documents', () => {
  let target: Target;
  let canary: Canary;
  let login: StartedLogin;

  /** The IdP's genuine response with a DOCTYPE put in front, and its entity used for a name. */
  const withDoctype = (doctype: string, reference: string): string =>
    responseXml(target.api, login)
      .replace('?>', `?>${doctype}`)
      .replace(`>${ADA.firstName}<`, `>${reference || ADA.firstName}<`);

  beforeAll(async () => {
    target = await startTarget();
    canary = await openCanary();
    await signIn(target.api);
  });

  beforeEach(async () => {
    login = await startLogin(target.api);
  });

  afterAll(async () => {
    await canary.close();
    await target.api.close();
  });

  describe('a comment that splits an identity (CVE-2017-11427), signatures still valid', () => {
    it.each([
      ['the NameID', ['saml2:NameID']],
      ['the email attribute', ['saml2:AttributeValue']],
      ['both', ['saml2:NameID', 'saml2:AttributeValue']],
    ])('in %s', async (_label, elements) => {
      const xml = splitAfterVictim(responseXml(target.api, login, { user: LOOKALIKE }), elements);
      expect(xml.split('<!---->')).toHaveLength(elements.length + 1);

      await expectRefused(target, login, xml, ['xml_comment_forbidden']);
    });
  });

  describe('a DOCTYPE of any kind: refused before parsing, fast, nothing fetched', () => {
    it.each(DOCTYPES)('%s', async (_label, doctype, reference) => {
      const xml = withDoctype(doctype(canary.url), reference);
      const started = Date.now();

      await expectRefused(target, login, xml, ['doctype_forbidden']);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(canary.connections()).toBe(0);
    });

    it('in a UTF-16 document, where a UTF-8 reading does not see the DOCTYPE', async () => {
      const doctype = `<!DOCTYPE r [<!ENTITY x SYSTEM "${canary.url('/utf16')}">]>`;
      const xml = withDoctype(doctype, '&x;').replace('encoding="UTF-8"', 'encoding="UTF-16"');
      const bom = Buffer.from([0xff, 0xfe]);
      const utf16 = Buffer.concat([bom, Buffer.from(xml, 'utf16le')]).toString('base64');

      await expectRefusedEncoded(target, login, utf16, ['malformed', 'doctype_forbidden']);
      expect(canary.connections()).toBe(0);
    });
  });

  it('fetches nothing an XInclude or a schemaLocation names', async () => {
    const extensions =
      '<saml2p:Extensions>' +
      `<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="${canary.url('/xi')}"/>` +
      '<x:y xmlns:x="urn:x" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
      `xsi:schemaLocation="urn:x ${canary.url('/xsd')}"/></saml2p:Extensions>`;
    const xml = responseXml(target.api, login).replace(
      '<saml2p:Status>',
      `${extensions}<saml2p:Status>`,
    );

    await expectRefused(target, login, xml, ['signature_invalid']);
    expect(canary.connections()).toBe(0);
  });

  describe('two roots, or content after the root (XML 1.0 §2.1)', () => {
    const placements: [string, (genuine: string, forged: string) => string][] = [
      ['a forged Response after the signed one', (genuine, forged) => genuine + forged],
      ['a forged Response before the signed one', (genuine, forged) => forged + genuine],
      ['text after the root', (genuine) => `${genuine}trailing`],
    ];

    it.each(placements)('%s', async (_label, place) => {
      const genuine = responseXml(target.api, login);
      const forged = responseXml(target.api, login, { user: LOOKALIKE, sign: 'none' });
      const xml = place(genuine, forged.replace(/^<\?xml[^>]*\?>/, ''));

      await expectRefused(target, login, xml, ['malformed', 'signature_invalid']);
    });
  });
});
