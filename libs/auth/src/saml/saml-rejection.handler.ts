import { BadRequestException, HttpException, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { RedirectException } from '../common/redirect.exception';
import { LoginRequestStore } from './login-request.store';
import { describeRejection, SamlRejection } from './saml-rejection';

/**
 * Turns a refused SAML response into the HTTP outcome: a redirect to the frontend with
 * `error=access_denied` (RFC 6749 §4.1.2.1) when the RelayState names a login in progress, which
 * that refusal ends; otherwise a 400. The reason is logged; the document never is.
 */
@Injectable()
export class SamlRejectionHandler {
  private readonly logger = new Logger(SamlRejectionHandler.name);

  constructor(
    private readonly loginRequests: LoginRequestStore,
    private readonly audit: AuditService,
  ) {}

  /** A document not worth parsing: 400, and the login in progress (if any) stays usable. */
  refuseUnreadable(rejection: SamlRejection): HttpException {
    this.logger.warn({
      event: 'saml_login_refused',
      reason: rejection.reason,
      detail: safeDetail(rejection),
    });
    this.audit.record({ type: 'saml_login_refused', reason: rejection.reason });
    return new BadRequestException(`The SAML response was refused: ${rejection.message}`);
  }

  async reject(rejection: SamlRejection, relayState: string | null): Promise<HttpException> {
    this.logger.warn({
      event: 'saml_login_refused',
      reason: rejection.reason,
      detail: safeDetail(rejection),
    });
    this.audit.record({ type: 'saml_login_refused', reason: rejection.reason });
    const login = relayState ? await this.loginRequests.consumeByRelayState(relayState) : null;
    if (!login) {
      return new BadRequestException('The SAML response was refused');
    }
    const target = new URL(login.redirectUri);
    target.searchParams.set('error', 'access_denied');
    target.searchParams.set('error_description', describeRejection(rejection));
    if (login.state !== null) {
      target.searchParams.set('state', login.state);
    }
    return new RedirectException(target.toString());
  }
}

/**
 * node-saml and xml-crypto messages may quote document content (an unexpected audience, an
 * algorithm name), after a colon or in quotes. Only the text before it is logged.
 */
function safeDetail(rejection: SamlRejection): string {
  // Cut before what a message quotes from the document (node-saml's "Expected: … Received: …",
  // a ": value" tail, a quoted value), but not inside a quoted algorithm URI.
  return rejection.message.split(/ Expected:| Received:|: |'/)[0].slice(0, 120);
}
