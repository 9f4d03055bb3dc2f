import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Clock } from '../common/clock';
import { AuthorizationCodeService } from '../tokens/authorization-code.service';
import { LoginRequestStore } from './login-request.store';
import { SamlRejection } from './saml-rejection';
import { USER_DIRECTORY, UserDirectory } from './user-directory';
import { VerifiedAssertion } from './verify-saml-assertion';

/**
 * Completes a sign-in after the signature checks: in one transaction, consumes the login
 * request, records the assertion ID against replay, provisions the user and issues the one-time
 * code. Any refusal rolls all of it back, so a refused response leaves no user row and no code.
 */
@Injectable()
export class SamlAcsService {
  private readonly logger = new Logger(SamlAcsService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly loginRequests: LoginRequestStore,
    private readonly codes: AuthorizationCodeService,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
    private readonly audit: AuditService,
  ) {}

  /** Returns the frontend URL carrying the code and the frontend's state. */
  async complete(assertion: VerifiedAssertion, relayState: string | null): Promise<string> {
    if (!relayState) {
      throw new SamlRejection('unknown_login_request', 'no RelayState');
    }
    const now = this.clock.now();
    const { location, userId } = await this.dataSource.transaction(async (manager) => {
      const login = await this.loginRequests.consume(manager, relayState, assertion.inResponseTo);
      if (!login) {
        throw new SamlRejection(
          'unknown_login_request',
          'RelayState and InResponseTo name no open login',
        );
      }
      await this.rememberAssertion(manager, assertion, now);
      const user = await this.users.upsertFromIdentity(manager, assertion.identity, now);
      const code = await this.codes.create(
        manager,
        { userId: user.id, redirectUri: login.redirectUri, codeChallenge: login.codeChallenge },
        now,
      );
      const target = new URL(login.redirectUri);
      target.searchParams.set('code', code);
      if (login.state !== null) {
        target.searchParams.set('state', login.state);
      }
      return { location: target.toString(), userId: user.id };
    });
    this.logger.log({ event: 'saml_login_succeeded', userId, requestId: assertion.inResponseTo });
    this.audit.record({
      type: 'saml_login_succeeded',
      userId,
      idpIssuer: assertion.identity.issuer,
      authnRequestId: assertion.inResponseTo,
    });
    return location;
  }

  /** An assertion is single use (SAML profiles §4.1.4.5); its ID is kept until it expires. */
  private async rememberAssertion(
    manager: EntityManager,
    assertion: VerifiedAssertion,
    now: Date,
  ): Promise<void> {
    const keepUntil = new Date(
      Math.max(assertion.expiresAt.getTime(), now.getTime()) + this.config.saml.clockSkewMs,
    );
    const inserted: unknown[] = await manager.query(
      `INSERT INTO seen_assertions (issuer, assertion_id, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING assertion_id`,
      [assertion.identity.issuer, assertion.assertionId, keepUntil],
    );
    if (inserted.length === 0) {
      throw new SamlRejection('replayed_assertion', 'assertion ID already used');
    }
  }
}
