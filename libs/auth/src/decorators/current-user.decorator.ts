import { createParamDecorator, ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { AccessTokenClaims } from '../jwt/access-token-claims';
import { AuthenticatedRequest } from '../jwt/authenticated-request';

/** The verified claims of the request's access token; only meaningful on guarded handlers. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AccessTokenClaims => {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!request.user) {
      throw new UnauthorizedException('This route needs a bearer token');
    }
    return request.user;
  },
);
