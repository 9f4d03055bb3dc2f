import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC_KEY } from '../decorators/public.decorator';
import { AccessTokenService } from './access-token.service';
import { AuthenticatedRequest } from './authenticated-request';
import { BearerTokenRejectedException } from './bearer-token-rejected.exception';
import { VerifiedTokenCache } from './verified-token.cache';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

/**
 * Registered as the global guard: every route needs a valid access token unless its handler
 * or controller is marked `@Public()`.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenService,
    private readonly verified: VerifiedTokenCache,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) {
      return true;
    }

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const authorization = request.headers.authorization;
    if (typeof authorization !== 'string' || authorization.length === 0) {
      throw new BearerTokenRejectedException('invalid_request', 'This route needs a bearer token');
    }
    const match = BEARER.exec(authorization);
    if (!match) {
      throw new BearerTokenRejectedException(
        'invalid_token',
        'The access token is invalid or expired',
      );
    }
    const token = match[1];
    request.user =
      this.verified.get(token) ?? this.verified.remember(token, this.tokens.verify(token));
    return true;
  }
}
