/**
 * The two ways an SP is set up for its IdP: Okta signs both the Response and the Assertion (our
 * default); Entra ID and others sign only the Assertion, so SAML_WANT_RESPONSE_SIGNED=false.
 * Signature attacks are run against both, since the second leaves the envelope unsigned.
 */
export interface SigningMode {
  name: string;
  env: Record<string, string>;
  responseSigned: boolean;
}

export const SIGNING_MODES: SigningMode[] = [
  { name: 'Response and Assertion signed (default)', env: {}, responseSigned: true },
  {
    name: 'Assertion signed only (SAML_WANT_RESPONSE_SIGNED=false)',
    env: { SAML_WANT_RESPONSE_SIGNED: 'false' },
    responseSigned: false,
  },
];
