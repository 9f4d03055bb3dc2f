import { ExecutionContext, ForbiddenException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { AccessTokenClaims } from './access-token-claims';
import { Role, ROLES_KEY } from './roles';
import { RolesGuard } from './roles.guard';

class AuditController {
  list(this: void): void {}
  open(this: void): void {}
}
Reflect.defineMetadata(ROLES_KEY, ['admin'], AuditController.prototype.list);

function contextFor(handler: () => void, roles?: Role[]): ExecutionContext {
  const user: Partial<AccessTokenClaims> | undefined = roles ? { sub: 'user-1', roles } : undefined;
  return new ExecutionContextHost([{ headers: {}, user }, {}], AuditController, handler);
}

describe(RolesGuard.name, () => {
  const sut = new RolesGuard(new Reflector());

  it('lets a token with the required role through', () => {
    expect(sut.canActivate(contextFor(AuditController.prototype.list, ['admin']))).toBe(true);
  });

  it('answers 403 to a token without it', () => {
    expect(() => sut.canActivate(contextFor(AuditController.prototype.list, []))).toThrow(
      ForbiddenException,
    );
  });

  it('leaves handlers that name no role to the JWT guard alone', () => {
    expect(sut.canActivate(contextFor(AuditController.prototype.open))).toBe(true);
  });
});
