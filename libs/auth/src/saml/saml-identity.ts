/** What a validated SAML assertion says about a person, after attribute mapping. */
export interface SamlIdentity {
  issuer: string;
  nameId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  groups: string[];
}
