import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticatedRequest } from './authenticated-request';
import { Role, ROLES_KEY } from './roles';

/**
 * Lets a request through when its access token carries one of the roles the handler (or its
 * controller) names with `@Roles()`. It runs after the global JWT guard, so the claims it reads
 * are verified; a request without a role gets 403, one without a token has already had 401.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required || required.length === 0) {
      return true;
    }

    const { user } = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (user && required.some((role) => user.roles.includes(role))) {
      return true;
    }
    throw new ForbiddenException(`This route needs the ${required.join(' or ')} role`);
  }
}
