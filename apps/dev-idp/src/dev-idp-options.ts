import { DevIdpKeys } from './keys/dev-idp-keys';

export interface DevIdpOptions {
  /** The IdP entity ID, sent as Issuer (Okta: "Identity Provider Issuer"). */
  issuer: string;
  /** The one service provider this IdP serves (Okta: "Audience URI (SP Entity ID)"). */
  spEntityId: string;
  /** Where responses are posted (Okta: "Single sign-on URL"). */
  spAcsUrl: string;
  keys: DevIdpKeys;
  /** The base URL browsers and the SP use to reach this IdP, e.g. http://localhost:7000. */
  publicUrl: string;
  /**
   * The SP's encryption certificate (PEM): assertions are encrypted to it (Okta: "Assertion
   * Encryption: Encrypted"). Unset sends them in the clear.
   */
  encryptionCertPem?: string;
  /** Single logout: the SP's SLO endpoint (Okta: "Single Logout URL"). */
  spSloUrl?: string;
  /** Single logout: the SP's LogoutRequest signing certificate (Okta: "Signature Certificate"). */
  spCertPem?: string;
  /**
   * Single logout: how the LogoutResponse goes back to the SP, HTTP-Redirect (the default) or
   * HTTP-POST with an enveloped signature, as Okta sends it.
   */
  spSloBinding?: 'redirect' | 'post';
}

export const DEV_IDP_OPTIONS = Symbol('DEV_IDP_OPTIONS');

export function sloUrlOf(opts: Pick<DevIdpOptions, 'publicUrl'>): string {
  return `${opts.publicUrl.replace(/\/+$/, '')}/slo`;
}

export function ssoUrlOf(opts: Pick<DevIdpOptions, 'publicUrl'>): string {
  return `${opts.publicUrl.replace(/\/+$/, '')}/sso`;
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Fails fast, naming every problem, rather than serving an IdP that cannot complete a login. */
export function assertDevIdpOptions(opts: DevIdpOptions): void {
  const problems: string[] = [];
  if (!opts.issuer.trim()) {
    problems.push('issuer is empty');
  }
  if (!opts.spEntityId.trim()) {
    problems.push('spEntityId is empty');
  }
  if (!isHttpUrl(opts.spAcsUrl)) {
    problems.push('spAcsUrl is not an http(s) URL');
  }
  if (!isHttpUrl(opts.publicUrl)) {
    problems.push('publicUrl is not an http(s) URL');
  }
  if (!opts.keys.privateKeyPem || !opts.keys.certPem) {
    problems.push('keys are missing');
  }
  if (problems.length > 0) {
    throw new Error(`Invalid dev IdP options: ${problems.join('; ')}`);
  }
}
