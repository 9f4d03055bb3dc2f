import { Inject, Injectable, Logger } from '@nestjs/common';
import { DEV_IDP_OPTIONS, DevIdpOptions } from '../dev-idp-options';
import { parseRedirectAuthnRequest } from '../saml/authn-request.parser';
import {
  decodeSignedRedirectQuery,
  InvalidRedirectMessageError,
} from '../saml/redirect-binding.codec';
import { buildSignedResponse } from '../saml/signed-response.builder';
import { CompleteLoginForm, readRelayState } from './complete-login.form';
import { PRESET_USERS, PresetUser } from './preset-users';
import { SsoRequestError } from './sso-request.error';

export interface LoginPageModel {
  requestId: string;
  relayState?: string;
  spEntityId: string;
  users: readonly PresetUser[];
}

export interface AutoPostModel {
  acsUrl: string;
  samlResponse: string;
  relayState?: string;
}

@Injectable()
export class SsoService {
  private readonly logger = new Logger(SsoService.name);

  constructor(@Inject(DEV_IDP_OPTIONS) private readonly options: DevIdpOptions) {}

  /**
   * Accepts an AuthnRequest only from the configured SP and only for its configured ACS URL.
   * SAML Profiles §4.1.4.1 makes the IdP verify that an ACS URL belongs to the SP; like Okta,
   * this IdP settles that by posting only to the URL it was configured with.
   */
  beginLogin(samlRequest: unknown, relayStateParam: unknown, rawQuery = ''): LoginPageModel {
    if (typeof samlRequest !== 'string' || samlRequest === '') {
      throw new SsoRequestError('Expected one SAMLRequest query parameter (HTTP-Redirect binding)');
    }
    this.checkRequestSignature(rawQuery);
    const relayState = readRelayState(relayStateParam);
    const request = parseRedirectAuthnRequest(samlRequest);

    if (request.issuer !== this.options.spEntityId) {
      throw new SsoRequestError(
        `AuthnRequest Issuer "${request.issuer}" is not the configured SP ` +
          `"${this.options.spEntityId}"`,
      );
    }
    if (request.acsUrl !== undefined && request.acsUrl !== this.options.spAcsUrl) {
      throw new SsoRequestError(
        `AssertionConsumerServiceURL "${request.acsUrl}" is not the configured ACS URL ` +
          `"${this.options.spAcsUrl}"`,
      );
    }

    this.logger.log('authn request accepted');
    return {
      requestId: request.id,
      relayState,
      spEntityId: this.options.spEntityId,
      users: PRESET_USERS,
    };
  }

  /**
   * A signed AuthnRequest (bindings §3.4.4.1) must verify with the SP certificate this IdP was
   * given, so a broken signing setup shows here rather than at a real IdP. Unsigned requests
   * pass: Okta too accepts them unless the app demands signed requests.
   */
  private checkRequestSignature(rawQuery: string): void {
    const signed = rawQuery.split('&').some((pair) => pair.startsWith('Signature='));
    const certPem = this.options.spCertPem;
    if (!signed || !certPem) {
      return;
    }
    try {
      decodeSignedRedirectQuery(rawQuery, certPem);
    } catch (error) {
      const reason = error instanceof InvalidRedirectMessageError ? error.message : 'unreadable';
      throw new SsoRequestError(`AuthnRequest signature refused: ${reason}`);
    }
    this.logger.log('authn request signature verified');
  }

  completeLogin(form: CompleteLoginForm): AutoPostModel {
    const xml = buildSignedResponse({
      keys: this.options.keys,
      issuer: this.options.issuer,
      audience: this.options.spEntityId,
      acsUrl: this.options.spAcsUrl,
      inResponseTo: form.requestId,
      user: form.user,
      encryption: this.options.encryptionCertPem
        ? { certificatePem: this.options.encryptionCertPem }
        : undefined,
    });

    this.logger.log('signed response issued');
    return {
      acsUrl: this.options.spAcsUrl,
      samlResponse: Buffer.from(xml, 'utf8').toString('base64'),
      relayState: form.relayState,
    };
  }
}
