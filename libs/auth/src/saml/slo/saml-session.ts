import { Profile } from '@node-saml/node-saml';
import { attribute, child, textOf, XmlNode } from '../saml-xml';
import { VerifiedAssertion } from '../verify-saml-assertion';

/**
 * How the IdP knows a sign-in: the NameID with its Format and qualifiers, and the SessionIndex
 * of the AuthnStatement. A LogoutRequest names a session with exactly these (SAML core §3.7.1),
 * and ours must repeat them for the IdP to find its own session.
 */
export interface SamlSessionSubject {
  issuer: string;
  nameId: string;
  nameIdFormat: string | null;
  nameQualifier: string | null;
  spNameQualifier: string | null;
  sessionIndex: string | null;
}

/** A verified assertion, with the IdP session it opened when its Subject has a NameID. */
export interface SignedInAssertion extends VerifiedAssertion {
  session: SamlSessionSubject | null;
}

/**
 * Reads the session from the signed assertion node-saml verified. Without a NameID (an identity
 * taken from the email attribute) there is nothing a LogoutRequest could name: no session.
 */
export function sessionSubjectOf(profile: Profile, issuer: string): SamlSessionSubject | null {
  const assertion = (profile.getAssertion?.() as { Assertion?: XmlNode } | undefined)?.Assertion;
  const nameId = child(child(assertion, 'Subject'), 'NameID');
  const value = textOf(nameId);
  if (!value) {
    return null;
  }
  return {
    issuer,
    nameId: value,
    nameIdFormat: attribute(nameId, 'Format'),
    nameQualifier: attribute(nameId, 'NameQualifier'),
    spNameQualifier: attribute(nameId, 'SPNameQualifier'),
    sessionIndex: attribute(child(assertion, 'AuthnStatement'), 'SessionIndex'),
  };
}
