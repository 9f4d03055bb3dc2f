import { SAML_NS, SAML_URI } from './saml-constants';
import { escapeXml as x } from './xml-escape.util';

export interface SamlAttribute {
  name: string;
  values: string[];
}

/** Everything an assertion says, already resolved to final strings (times in ISO 8601 UTC). */
export interface AssertionModel {
  id: string;
  issueInstant: string;
  issuer: string;
  nameId: string;
  nameIdFormat: string;
  inResponseTo?: string;
  recipient: string;
  subjectNotOnOrAfter: string;
  notBefore: string;
  notOnOrAfter: string;
  audiences: string[];
  sessionIndex: string;
  attributes: SamlAttribute[];
}

// Okta declares the schema namespaces on each value, which keeps every value self-describing.
const VALUE_OPEN =
  `<saml2:AttributeValue xmlns:xs="${SAML_NS.xmlSchema}" ` +
  `xmlns:xsi="${SAML_NS.xmlSchemaInstance}" xsi:type="xs:string">`;

function renderAttribute(attribute: SamlAttribute): string {
  const values = attribute.values.map((value) => `${VALUE_OPEN}${x(value)}</saml2:AttributeValue>`);
  return (
    `<saml2:Attribute Name="${x(attribute.name)}" NameFormat="${SAML_URI.attrNameUnspecified}">` +
    `${values.join('')}</saml2:Attribute>`
  );
}

/** SAML Core §2.4.1: bearer confirmation ties the assertion to one request and one ACS URL. */
function renderSubject(model: AssertionModel): string {
  const inResponseTo = model.inResponseTo ? ` InResponseTo="${x(model.inResponseTo)}"` : '';
  return (
    '<saml2:Subject>' +
    `<saml2:NameID Format="${x(model.nameIdFormat)}">${x(model.nameId)}</saml2:NameID>` +
    `<saml2:SubjectConfirmation Method="${SAML_URI.bearer}">` +
    `<saml2:SubjectConfirmationData${inResponseTo}` +
    ` NotOnOrAfter="${x(model.subjectNotOnOrAfter)}" Recipient="${x(model.recipient)}"/>` +
    '</saml2:SubjectConfirmation></saml2:Subject>'
  );
}

function renderConditions(model: AssertionModel): string {
  const audiences = model.audiences.map(
    (audience) => `<saml2:Audience>${x(audience)}</saml2:Audience>`,
  );
  return (
    `<saml2:Conditions NotBefore="${x(model.notBefore)}" NotOnOrAfter="${x(model.notOnOrAfter)}">` +
    `<saml2:AudienceRestriction>${audiences.join('')}</saml2:AudienceRestriction>` +
    '</saml2:Conditions>'
  );
}

function renderAuthnStatement(model: AssertionModel): string {
  return (
    `<saml2:AuthnStatement AuthnInstant="${x(model.issueInstant)}" ` +
    `SessionIndex="${x(model.sessionIndex)}"><saml2:AuthnContext><saml2:AuthnContextClassRef>` +
    `${SAML_URI.passwordProtectedTransport}</saml2:AuthnContextClassRef>` +
    '</saml2:AuthnContext></saml2:AuthnStatement>'
  );
}

/** An unsigned `saml2:Assertion` in the element order SAML Core §2.3.3 prescribes. */
export function renderAssertion(model: AssertionModel): string {
  const attributes = model.attributes.map(renderAttribute).join('');
  return (
    `<saml2:Assertion xmlns:saml2="${SAML_NS.assertion}" ID="${x(model.id)}" ` +
    `IssueInstant="${x(model.issueInstant)}" Version="2.0">` +
    `<saml2:Issuer Format="${SAML_URI.nameIdEntity}">${x(model.issuer)}</saml2:Issuer>` +
    renderSubject(model) +
    renderConditions(model) +
    renderAuthnStatement(model) +
    `<saml2:AttributeStatement>${attributes}</saml2:AttributeStatement>` +
    '</saml2:Assertion>'
  );
}
