import { randomBytes } from 'node:crypto';
import { DevIdpKeys, DevIdpUser, SignedResponseOptions } from '@app/dev-idp';
import { DENIED } from './acs-expectations';
import { ApiHarness } from './api-harness';
import { ADA, StartedLogin } from './saml-flow';

/** SAML_CLOCK_SKEW_SECONDS as the harness leaves it (the documented default). */
export const SKEW_MS = 60_000;

/** Ada's subject with another profile: any write would show as a change to her row. */
export const ADA_RENAMED: DevIdpUser = {
  ...ADA,
  firstName: 'Mallory',
  lastName: 'Renamed',
  groups: ['Root'],
};

/** A subject never signed in: any write would show as a new row. */
export const NEWCOMER: DevIdpUser = {
  email: 'eve@example.com',
  firstName: 'Eve',
  lastName: 'New',
  groups: [],
};

export interface RefusalContext {
  api: ApiHarness;
  attackerKeys: DevIdpKeys;
  /** Another login in progress, whose request ID a response may name. */
  otherLogin: StartedLogin;
}

export interface RefusedCase {
  name: string;
  /** The `error_description` the frontend receives. */
  description: string;
  response: (context: RefusalContext) => Partial<SignedResponseOptions>;
}

export const ago = (ms: number): Date => new Date(Date.now() - ms);

const OTHER_IDP = 'http://www.okta.example/exk-other-idp';
const AUTHN_FAILED = 'urn:oasis:names:tc:SAML:2.0:status:AuthnFailed';

/**
 * Responses the ACS must refuse while a login is in progress, each differing from a good one
 * in one respect. The order follows the checks: signature, time, audience and addressing,
 * issuer, InResponseTo, status.
 */
export const REFUSED: RefusedCase[] = [
  {
    name: 'an unsigned response',
    description: DENIED.rejected,
    response: () => ({ sign: 'none' }),
  },
  {
    name: 'only the assertion signed (both required)',
    description: DENIED.rejected,
    response: () => ({ sign: 'assertion' }),
  },
  {
    name: 'only the response signed (both required)',
    description: DENIED.rejected,
    response: () => ({ sign: 'response' }),
  },
  {
    name: 'a response signed by another key',
    description: DENIED.rejected,
    response: ({ attackerKeys }) => ({ keys: attackerKeys }),
  },
  {
    name: 'an assertion expired beyond the clock skew',
    description: DENIED.timeWindow,
    response: () => ({ notOnOrAfter: ago(SKEW_MS + 30_000) }),
  },
  {
    name: 'an assertion not yet valid beyond the clock skew',
    description: DENIED.timeWindow,
    response: () => ({ notBefore: ago(-(SKEW_MS + 30_000)) }),
  },
  {
    name: 'another Audience',
    description: DENIED.rejected,
    response: () => ({ audience: 'https://other-sp.example/metadata' }),
  },
  {
    name: 'the Recipient of another endpoint',
    description: DENIED.rejected,
    response: ({ api }) => ({ recipient: `${api.url}/other/acs` }),
  },
  {
    name: 'the Destination of another endpoint',
    description: DENIED.rejected,
    response: ({ api }) => ({ destination: `${api.url}/other/acs` }),
  },
  {
    name: 'an empty Destination',
    description: DENIED.rejected,
    response: () => ({ destination: '' }),
  },
  {
    name: 'an Issuer other than the configured IdP',
    description: DENIED.rejected,
    response: () => ({ issuer: OTHER_IDP }),
  },
  {
    name: 'a Response Issuer other than the configured IdP',
    description: DENIED.rejected,
    response: () => ({ responseIssuer: OTHER_IDP }),
  },
  {
    name: 'an unknown InResponseTo',
    description: DENIED.unknownLogin,
    response: () => ({ inResponseTo: `_${randomBytes(20).toString('hex')}` }),
  },
  {
    name: 'the InResponseTo of another login in progress',
    description: DENIED.unknownLogin,
    response: ({ otherLogin }) => ({ inResponseTo: otherLogin.requestId }),
  },
  {
    name: 'no InResponseTo (unsolicited)',
    description: DENIED.unknownLogin,
    response: () => ({ inResponseTo: null }),
  },
  {
    name: 'a non-success status (AuthnFailed)',
    description: DENIED.authnFailed,
    response: () => ({ statusCode: AUTHN_FAILED }),
  },
];

/** A "billion laughs" DOCTYPE: nine levels of entities, each ten of the one below. */
export function withEntityExpansion(xml: string, replacing: string): string {
  const entities = Array.from({ length: 9 }, (_, level) => {
    const value = level === 0 ? 'lol' : `&lol${level - 1};`.repeat(10);
    return `<!ENTITY lol${level} "${value}">`;
  });
  const doctype = `<!DOCTYPE Response [${entities.join('')}]>`;
  return xml.replace('?>', `?>${doctype}`).replace(replacing, '&lol8;');
}
