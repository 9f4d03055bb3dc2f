import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Clock } from '../common/clock';
import { AuthorizationCodeService } from '../tokens/authorization-code.service';
import { LoginRequest } from './login-request.entity';
import { LoginRequestStore } from './login-request.store';
import { SamlRejection } from './saml-rejection';
import { SignedInAssertion } from './slo/saml-session';
import { SamlSessionStore } from './slo/saml-session.store';
import { USER_DIRECTORY, UserDirectory } from './user-directory';
import { VerifiedAssertion } from './verify-saml-assertion';

/** What the one-time code is issued for, and what goes back to the frontend with it. */
type CodeGrant = Pick<LoginRequest, 'redirectUri' | 'state' | 'codeChallenge'>;

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
    private readonly samlSessions: SamlSessionStore,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
    private readonly audit: AuditService,
  ) {}

  /** Returns the frontend URL carrying the code and, for a login started here, its state. */
  async complete(assertion: SignedInAssertion, relayState: string | null): Promise<string> {
    const now = this.clock.now();
    const { location, userId } = await this.dataSource.transaction(async (manager) => {
      const grant = await this.grantFor(manager, assertion, relayState);
      await this.rememberAssertion(manager, assertion, now);
      const user = await this.users.upsertFromIdentity(manager, assertion.identity, now);
      // What single logout will name this session by, handed on to the code and its family.
      const samlSessionId = assertion.session
        ? await this.samlSessions.create(manager, assertion.session, now)
        : null;
      const code = await this.codes.create(
        manager,
        {
          userId: user.id,
          redirectUri: grant.redirectUri,
          codeChallenge: grant.codeChallenge,
          samlSessionId,
        },
        now,
      );
      return { location: frontendLocation(grant, code), userId: user.id };
    });
    const idpInitiated = assertion.inResponseTo === null;
    this.logger.log({
      event: 'saml_login_succeeded',
      userId,
      requestId: assertion.inResponseTo,
      idpInitiated,
    });
    this.audit.record({
      type: 'saml_login_succeeded',
      userId,
      idpIssuer: assertion.identity.issuer,
      authnRequestId: assertion.inResponseTo,
    });
    return location;
  }

  /**
   * Where the code goes: the login this response answers, consumed here so that it is single
   * use; or, for an unsolicited response, the configured landing page.
   */
  private async grantFor(
    manager: EntityManager,
    assertion: VerifiedAssertion,
    relayState: string | null,
  ): Promise<CodeGrant> {
    if (assertion.inResponseTo === null) {
      return this.unsolicitedGrant(manager, relayState);
    }
    if (!relayState) {
      throw new SamlRejection('unknown_login_request', 'no RelayState');
    }
    const login = await this.loginRequests.consume(manager, relayState, assertion.inResponseTo);
    if (!login) {
      throw new SamlRejection(
        'unknown_login_request',
        'RelayState and InResponseTo name no open login',
      );
    }
    return login;
  }

  /**
   * IdP-initiated sign-in (profiles §4.1.5): no request of ours to answer, so no state and no
   * PKCE challenge. The RelayState is the IdP's own (Okta sends none or an admin-chosen value)
   * and is not trusted; one that names a login in progress means that login expected an answer
   * carrying its InResponseTo, so the response is refused.
   */
  private async unsolicitedGrant(
    manager: EntityManager,
    relayState: string | null,
  ): Promise<CodeGrant> {
    const redirectUri = this.config.saml.idpInitiatedRedirectUri;
    if (redirectUri === null) {
      throw new SamlRejection('in_response_to_invalid', 'InResponseTo is missing from response');
    }
    if (relayState && (await this.loginRequests.isOpen(manager, relayState))) {
      throw new SamlRejection(
        'in_response_to_invalid',
        'InResponseTo is missing from a response to a login in progress',
      );
    }
    return { redirectUri, state: null, codeChallenge: null };
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

function frontendLocation(grant: CodeGrant, code: string): string {
  const target = new URL(grant.redirectUri);
  target.searchParams.set('code', code);
  if (grant.state !== null) {
    target.searchParams.set('state', grant.state);
  }
  return target.toString();
}
