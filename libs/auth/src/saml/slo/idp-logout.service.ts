import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { APP_CONFIG, AppConfig, IdpSettingsSource, samlConfigWith } from '@app/config';
import { Clock } from '../../common/clock';
import { checkOriginAndDestination, checkTimely } from './logout-message.checks';
import { ParsedLogoutRequest } from './logout-message.parser';
import { logoutResponseUrl } from './logout-urls';
import { RevokedFamily, SamlSessionStore } from './saml-session.store';
import { SloRejection } from './slo-rejection';

/**
 * IdP-initiated single logout (SAML profiles §4.4.3.2): a signed LogoutRequest from the IdP
 * ends every session of ours that its NameID (and SessionIndex, when given) names, and is
 * answered with our signed LogoutResponse.
 */
@Injectable()
export class IdpLogoutService {
  private readonly logger = new Logger(IdpLogoutService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly idpSettings: IdpSettingsSource,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly sessions: SamlSessionStore,
    private readonly audit: AuditService,
  ) {}

  /** Returns the IdP URL that carries our LogoutResponse. */
  async accept(request: ParsedLogoutRequest, relayState: string | null): Promise<string> {
    const now = this.clock.now();
    const saml = samlConfigWith(this.config.saml, this.idpSettings.current());
    checkOriginAndDestination(request, saml);
    const expiresAt = checkTimely(request, now, saml.clockSkewMs);
    const issuer = saml.idpIssuer;
    const revoked = await this.dataSource.transaction(async (manager) => {
      // One use per request ID, kept until it could no longer be accepted anyway.
      const inserted: unknown[] = await manager.query(
        `INSERT INTO seen_logout_requests (issuer, request_id, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING request_id`,
        [issuer, request.id, new Date(expiresAt.getTime() + saml.clockSkewMs)],
      );
      if (inserted.length === 0) {
        throw new SloRejection('replayed_request', 'the LogoutRequest ID was already used');
      }
      return this.sessions.revokeBySubject(
        manager,
        { issuer, nameId: request.nameId, sessionIndexes: request.sessionIndexes },
        now,
      );
    });
    this.record(request, revoked);
    return logoutResponseUrl(saml, request.id, relayState);
  }

  private record(request: ParsedLogoutRequest, revoked: RevokedFamily[]): void {
    this.logger.log({
      event: 'saml_logout_requested',
      requestId: request.id,
      familyIds: revoked.map((family) => family.familyId),
    });
    if (revoked.length === 0) {
      this.audit.record({ type: 'saml_logout_requested', authnRequestId: request.id });
    }
    for (const family of revoked) {
      this.audit.record({
        type: 'saml_logout_requested',
        userId: family.userId,
        sessionId: family.familyId,
        authnRequestId: request.id,
      });
    }
  }
}
