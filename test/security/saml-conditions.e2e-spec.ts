import { Document } from '@xmldom/xmldom';
import { signIn, startLogin, StartedLogin } from '../support/saml-flow';
import {
  expectAccepted,
  expectRefused,
  responseXml,
  startTarget,
  Target,
} from './support/acs-attack';
import { signResponse } from './support/hostile-signer';
import { assertionOf, childElement, descendants, editXml, NS, rootOf } from './support/saml-dom';

type Setter = (doc: Document, value: string) => void;

const conditions = (doc: Document) => childElement(assertionOf(doc), 'Conditions');
const confirmation = (doc: Document) => descendants(assertionOf(doc), 'SubjectConfirmationData')[0];
const authnStatement = (doc: Document) => childElement(assertionOf(doc), 'AuthnStatement');

/** Every time value a response carries (SAML core §1.3.3: xs:dateTime, in UTC). */
const TIME_VALUES: [string, Setter][] = [
  ['Conditions NotOnOrAfter', (doc, v) => conditions(doc).setAttribute('NotOnOrAfter', v)],
  ['Conditions NotBefore', (doc, v) => conditions(doc).setAttribute('NotBefore', v)],
  [
    'SubjectConfirmationData NotOnOrAfter',
    (doc, v) => confirmation(doc).setAttribute('NotOnOrAfter', v),
  ],
  ['Assertion IssueInstant', (doc, v) => assertionOf(doc).setAttribute('IssueInstant', v)],
  ['AuthnInstant', (doc, v) => authnStatement(doc).setAttribute('AuthnInstant', v)],
  ['Response IssueInstant', (doc, v) => rootOf(doc).setAttribute('IssueInstant', v)],
];

/**
 * Malformed spellings of an instant in `year`. `Date.parse` takes all but the first two, so a
 * check that only asks "does it parse?" lets them through.
 */
const malformed = (year: number): string[] => [
  'garbage',
  '',
  `${year}`,
  `Tue, 01 Jan ${year} 00:00:00 GMT`,
  `${year}-02-30T00:00:00Z`,
  `${year}-01-01T00:00:00+01:00`,
  `${year}-01-01T00:00:00`,
];

// Written well, each would pass: a NotBefore a year ago, any other instant a year ahead.
const thisYear = new Date().getUTCFullYear();
const DATE_CASES = TIME_VALUES.flatMap(([name, set]) =>
  malformed(name.endsWith('NotBefore') ? thisYear - 1 : thisYear + 1).map(
    (value) => [name, value, set] as const,
  ),
);

describe('conditions of a signed assertion', () => {
  let target: Target;
  let login: StartedLogin;

  /** The IdP's response for the login, edited before the IdP signs it. */
  const signedWith = (edit: (doc: Document) => void): string => {
    const unsigned = responseXml(target.api, login, { sign: 'none' });
    return signResponse(editXml(unsigned, edit), { keys: target.api.idpKeys });
  };

  beforeAll(async () => {
    target = await startTarget();
    await signIn(target.api);
  });

  beforeEach(async () => {
    login = await startLogin(target.api);
  });

  afterAll(async () => {
    await target.api.close();
  });

  it.each(DATE_CASES)('refuses %s = "%s", never with a 500', async (_name, value, set) => {
    const xml = signedWith((doc) => set(doc, value));

    await expectRefused(target, login, xml, ['malformed']);
  });

  it('accepts two audiences in one restriction, ours among them', async () => {
    const ours = target.api.env.SAML_SP_ENTITY_ID;
    const audience = ['https://other-sp.example/metadata', ours];

    await expectAccepted(target, login, responseXml(target.api, login, { audience }));
  });

  it('refuses two restrictions with ours in one only (SAML core §2.5.1.4)', async () => {
    const xml = signedWith((doc) => {
      const other = doc.createElementNS(NS.assertion, 'saml2:AudienceRestriction');
      const audience = doc.createElementNS(NS.assertion, 'saml2:Audience');
      audience.textContent = 'https://other-sp.example/metadata';
      other.appendChild(audience);
      conditions(doc).appendChild(other);
    });

    await expectRefused(target, login, xml, ['audience_mismatch']);
  });
});
