import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import { RolesGuard } from '../jwt/roles.guard';
import { Role, ROLES_KEY } from '../jwt/roles';

/**
 * Restricts a handler (or a whole controller) to access tokens carrying one of `roles`, on top
 * of the bearer token every non-public route needs. Roles come from IdP groups
 * (`AUTH_ROLE_MAPPING`, `AUTH_ADMIN_GROUPS`), written into the token when it is issued.
 */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    UseGuards(RolesGuard),
    ApiForbiddenResponse({ description: `The access token lacks the ${roles.join(' or ')} role.` }),
  );
