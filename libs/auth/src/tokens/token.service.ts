import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { Clock } from '../common/clock';
import { OAuthException } from '../common/oauth.exception';
import { AccessTokenService } from '../jwt/access-token.service';
import { USER_DIRECTORY, UserDirectory } from '../saml/user-directory';
import { AuthorizationCodeService, CodeRedemption } from './authorization-code.service';
import { RefreshTokenService } from './refresh-token.service';
import { TokenResponse } from './token-request.dto';

type GrantOutcome =
  { kind: 'issued'; response: TokenResponse } | { kind: 'refused'; description: string };

/**
 * The two grants of the token endpoint. Each runs in one transaction; a refusal that revokes
 * something (a reused code or refresh token) commits the revocation before answering.
 */
@Injectable()
export class TokenService {
  private readonly logger = new Logger(TokenService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly codes: AuthorizationCodeService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly accessTokens: AccessTokenService,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
    private readonly audit: AuditService,
  ) {}

  async exchangeCode(request: CodeRedemption): Promise<TokenResponse> {
    const now = this.clock.now();
    const outcome = await this.dataSource.transaction(async (manager): Promise<GrantOutcome> => {
      const result = await this.codes.redeem(manager, request, now);
      if (result.kind === 'reused') {
        if (result.refreshFamilyId) {
          await this.refreshTokens.revokeFamily(manager, result.refreshFamilyId, 'code_reuse', now);
        }
        this.logger.warn({ event: 'code_reuse_detected', familyId: result.refreshFamilyId });
        this.audit.record({ type: 'code_reuse_detected', sessionId: result.refreshFamilyId });
        return { kind: 'refused', description: 'The code has already been used' };
      }
      if (result.kind === 'invalid') {
        return { kind: 'refused', description: result.reason };
      }

      const user = await this.users.findById(result.userId, manager);
      if (!user) {
        return { kind: 'refused', description: 'unknown user' };
      }
      const { familyId, refreshToken } = await this.refreshTokens.startFamily(
        manager,
        user.id,
        now,
        result.samlSessionId,
      );
      await this.codes.recordFamily(manager, result.codeId, familyId);
      this.logger.log({ event: 'code_exchanged', userId: user.id, familyId });
      this.audit.record({ type: 'code_exchanged', userId: user.id, sessionId: familyId });
      return { kind: 'issued', response: this.response(user, refreshToken) };
    });
    return unwrap(outcome);
  }

  async refresh(refreshToken: string): Promise<TokenResponse> {
    const now = this.clock.now();
    const outcome = await this.dataSource.transaction(async (manager): Promise<GrantOutcome> => {
      const result = await this.refreshTokens.rotate(manager, refreshToken, now);
      if (result.kind === 'reused') {
        this.logger.warn({
          event: 'refresh_reuse_detected',
          userId: result.userId,
          familyId: result.familyId,
        });
        this.audit.record({
          type: 'refresh_reuse_detected',
          userId: result.userId,
          sessionId: result.familyId,
        });
        return {
          kind: 'refused',
          description: 'The refresh token has already been used; the session is revoked',
        };
      }
      if (result.kind === 'invalid') {
        return { kind: 'refused', description: 'The refresh token is invalid, expired or revoked' };
      }
      // Profile changes at the IdP arrive with the next sign-in; refresh re-reads the stored user.
      const user = await this.users.findById(result.userId, manager);
      if (!user) {
        return { kind: 'refused', description: 'unknown user' };
      }
      this.logger.log({ event: 'token_refreshed', userId: user.id, familyId: result.familyId });
      this.audit.record({ type: 'token_refreshed', userId: user.id, sessionId: result.familyId });
      return { kind: 'issued', response: this.response(user, result.refreshToken) };
    });
    return unwrap(outcome);
  }

  async logout(userId: string, target: { refreshToken?: string; all?: boolean }): Promise<void> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      if (target.all) {
        await this.refreshTokens.revokeAllForUser(manager, userId, now);
        return;
      }
      if (target.refreshToken) {
        await this.refreshTokens.revokeByToken(manager, target.refreshToken, userId, now);
      }
    });
    this.logger.log({ event: 'logout', userId, all: target.all === true });
    this.audit.record({ type: target.all ? 'logout_all' : 'logout', userId });
  }

  private response(
    user: Parameters<AccessTokenService['issue']>[0],
    refreshToken: string,
  ): TokenResponse {
    const access = this.accessTokens.issue(user);
    return {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: access.expiresIn,
      refresh_token: refreshToken,
    };
  }
}

function unwrap(outcome: GrantOutcome): TokenResponse {
  if (outcome.kind === 'refused') {
    throw new OAuthException('invalid_grant', outcome.description);
  }
  return outcome.response;
}
