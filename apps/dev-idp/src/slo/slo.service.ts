import { Inject, Injectable, Logger } from '@nestjs/common';
import { DOMParser, Element, onWarningStopParsing } from '@xmldom/xmldom';
import { DEV_IDP_OPTIONS, DevIdpOptions } from '../dev-idp-options';
import { buildLogoutResponse } from '../saml/logout-message.builder';
import { encodePostValue, signLogoutMessage } from '../saml/post-binding.codec';
import {
  decodeSignedRedirectQuery,
  encodeRedirectQuery,
  InvalidRedirectMessageError,
} from '../saml/redirect-binding.codec';
import { SAML_NS } from '../saml/saml-constants';
import { SsoRequestError } from '../sso/sso-request.error';
import { LogoutPostModel } from './logout-post-page.template';

/** How the LogoutResponse travels: a redirect URL, or a form for the browser to post. */
export type LogoutDelivery =
  { binding: 'redirect'; url: string } | ({ binding: 'post' } & LogoutPostModel);

/**
 * The IdP side of SP-initiated single logout: checks the SP's signed LogoutRequest and answers
 * with a signed LogoutResponse to the SP's SLO endpoint. This IdP keeps no session of its own
 * (every sign-in shows the user list), so there is nothing else to end.
 */
@Injectable()
export class SloService {
  private readonly logger = new Logger(SloService.name);

  constructor(@Inject(DEV_IDP_OPTIONS) private readonly options: DevIdpOptions) {}

  /** Returns the LogoutResponse on its way to the SP, in the binding the options choose. */
  answerLogoutRequest(rawQuery: string): LogoutDelivery {
    const { spCertPem, spSloUrl } = this.options;
    if (!spCertPem || !spSloUrl) {
      throw new SsoRequestError('Single logout needs the SP certificate and SLO URL in options');
    }
    let message;
    try {
      message = decodeSignedRedirectQuery(rawQuery, spCertPem);
    } catch (error) {
      throw new SsoRequestError(
        error instanceof InvalidRedirectMessageError ? error.message : 'bad',
      );
    }
    if (message.kind !== 'SAMLRequest') {
      throw new SsoRequestError('Expected a LogoutRequest (SAMLRequest)');
    }
    const request = logoutRequestOf(message.xml);
    if (request.issuer !== this.options.spEntityId) {
      throw new SsoRequestError(
        `LogoutRequest Issuer "${request.issuer}" is not the configured SP`,
      );
    }
    const response = buildLogoutResponse({
      issuer: this.options.issuer,
      destination: spSloUrl,
      inResponseTo: request.id,
    });
    this.logger.log('logout request answered');
    if (this.options.spSloBinding === 'post') {
      return {
        binding: 'post',
        action: spSloUrl,
        field: 'SAMLResponse',
        value: encodePostValue(signLogoutMessage(response, this.options.keys)),
        relayState: message.relayState,
      };
    }
    const query = encodeRedirectQuery(
      'SAMLResponse',
      response,
      message.relayState,
      this.options.keys,
    );
    return { binding: 'redirect', url: `${spSloUrl}?${query}` };
  }
}

function logoutRequestOf(xml: string): { id: string; issuer: string } {
  if (/<!DOCTYPE/i.test(xml)) {
    throw new SsoRequestError('LogoutRequest must not contain a DOCTYPE');
  }
  let root: Element | null;
  try {
    root = new DOMParser({ onError: onWarningStopParsing }).parseFromString(
      xml,
      'text/xml',
    ).documentElement;
  } catch {
    throw new SsoRequestError('LogoutRequest is not well-formed XML');
  }
  if (root?.namespaceURI !== SAML_NS.protocol || root.localName !== 'LogoutRequest') {
    throw new SsoRequestError('SAMLRequest is not a samlp:LogoutRequest');
  }
  const issuer = Array.from(root.getElementsByTagNameNS(SAML_NS.assertion, 'Issuer'))[0];
  const id = root.getAttribute('ID');
  if (!id || !issuer?.textContent) {
    throw new SsoRequestError('LogoutRequest needs an ID and an Issuer');
  }
  return { id, issuer: issuer.textContent.trim() };
}
