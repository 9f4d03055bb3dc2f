import { BadRequestException, ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { SamlRejectionHandler } from './saml-rejection.handler';
import { inspectSamlResponse } from './saml-response-inspector';
import { SAML_STRATEGY } from './saml.strategy';
import { rejectionFromNodeSamlError } from './saml-rejection';

interface AcsRequest {
  query?: Record<string, unknown>;
  body?: Record<string, unknown>;
}

/**
 * Runs passport-saml on the IdP's POST. Before that, refuses what passport-saml would treat as
 * another kind of message (a query SAMLRequest/SAMLResponse means logout to it, and no body
 * means "start a login"), and anything not worth parsing. After a refusal, the browser goes back
 * to the frontend with `error=access_denied` when the RelayState names a login in progress.
 */
@Injectable()
export class SamlAcsGuard extends AuthGuard(SAML_STRATEGY) {
  constructor(private readonly rejections: SamlRejectionHandler) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AcsRequest>();
    const { samlResponse, relayState } = readAcsForm(request);
    try {
      inspectSamlResponse(samlResponse);
    } catch (error) {
      throw this.rejections.refuseUnreadable(rejectionFromNodeSamlError(error));
    }
    try {
      return (await super.canActivate(context)) as boolean;
    } catch (error) {
      throw await this.rejections.reject(rejectionFromNodeSamlError(error), relayState);
    }
  }

  override handleRequest<T>(error: unknown, user: T): T {
    if (error) {
      // The same mapping `canActivate` applies to what this throws; a SamlRejection passes through.
      throw rejectionFromNodeSamlError(error);
    }
    if (!user) {
      throw new Error('Missing SAML assertion');
    }
    return user;
  }
}

function readAcsForm(request: AcsRequest): { samlResponse: string; relayState: string | null } {
  const query = request.query ?? {};
  if ('SAMLResponse' in query || 'SAMLRequest' in query) {
    throw new BadRequestException('SAML messages are accepted only in the POST body');
  }
  const samlResponse = request.body?.SAMLResponse;
  const relayState = request.body?.RelayState;
  if (typeof samlResponse !== 'string' || samlResponse.length === 0) {
    throw new BadRequestException('SAMLResponse is required');
  }
  if (relayState !== undefined && typeof relayState !== 'string') {
    throw new BadRequestException('RelayState must be a single value');
  }
  return { samlResponse, relayState: relayState ?? null };
}
