import { randomBytes } from 'node:crypto';
import { BadRequestException, Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { APP_CONFIG, AppConfig, IdpSettingsSource, SamlConfig, samlConfigWith } from '@app/config';
import { Clock } from '../../common/clock';
import { randomOpaqueToken, sha256Hex } from '../../common/opaque-token';
import { RefreshTokenService } from '../../tokens/refresh-token.service';
import { checkOriginAndDestination, checkTimely } from './logout-message.checks';
import { ParsedLogoutResponse, STATUS_SUCCESS } from './logout-message.parser';
import { LogoutRequestStore } from './logout-request.store';
import { logoutRequestUrl } from './logout-urls';
import { FamilySession, SamlSessionStore } from './saml-session.store';
import { SloRejection } from './slo-rejection';

export interface SamlLogoutStart {
  refreshToken: string;
  redirectUri: string;
  state: string | null;
}

/**
 * SP-initiated single logout (SAML profiles §4.4). The session ends here first, so a
 * LogoutResponse that never comes back leaves nothing alive; then the browser carries our
 * signed LogoutRequest to the IdP, and the IdP's answer brings it back to the frontend.
 */
@Injectable()
export class SamlLogoutService {
  private readonly logger = new Logger(SamlLogoutService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly idpSettings: IdpSettingsSource,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly sessions: SamlSessionStore,
    private readonly refreshTokens: RefreshTokenService,
    private readonly logoutRequests: LogoutRequestStore,
    private readonly audit: AuditService,
  ) {}

  /**
   * Revokes the family of the refresh token and returns where the browser goes next: the IdP
   * with a LogoutRequest, or straight back to the frontend when single logout is off or the
   * session has no IdP session to end (an unknown token included, as RFC 7009 would).
   */
  async start(userId: string, request: SamlLogoutStart): Promise<string> {
    // Exact string match, as for sign-in (RFC 9700 §4.1.3).
    if (!this.config.auth.redirectUris.includes(request.redirectUri)) {
      throw new BadRequestException('redirect_uri is not registered for this application');
    }
    const family = await this.revokeFamily(userId, request.refreshToken);
    const saml = this.saml();
    const session = saml.idpSloUrl === null ? null : family?.session;
    if (!family || !session) {
      this.logger.log({ event: 'logout', userId, singleLogout: false });
      this.audit.record({ type: 'logout', userId, sessionId: family?.familyId ?? null });
      return frontendLocation(request, {});
    }

    // xs:ID values must not start with a digit (SAML core §1.3.4).
    const requestId = `_${randomBytes(20).toString('hex')}`;
    const relayState = randomOpaqueToken();
    await this.logoutRequests.create({
      requestId,
      relayState,
      redirectUri: request.redirectUri,
      state: request.state,
      userId,
      ttlMs: this.config.saml.loginTtlMs,
    });
    this.logger.log({ event: 'saml_logout_started', userId, familyId: family.familyId, requestId });
    this.audit.record({
      type: 'saml_logout_started',
      userId,
      sessionId: family.familyId,
      authnRequestId: requestId,
    });
    return logoutRequestUrl(saml, requestId, session, relayState);
  }

  /**
   * The IdP's LogoutResponse, its signature verified: it must answer an open request of ours
   * through both RelayState and InResponseTo. A failure status still ends at the frontend, with
   * `error`: our side of the session is over either way, the IdP's may not be.
   */
  async complete(response: ParsedLogoutResponse, relayState: string | null): Promise<string> {
    checkOriginAndDestination(response, this.saml());
    checkTimely(response, this.clock.now(), this.config.saml.clockSkewMs);
    const open = relayState
      ? await this.logoutRequests.consume(relayState, response.inResponseTo)
      : null;
    if (!open) {
      throw new SloRejection(
        'unknown_logout_request',
        'RelayState and InResponseTo name no open logout request',
      );
    }
    const succeeded = response.status === STATUS_SUCCESS;
    const status = shortStatus(response.subStatus ?? response.status);
    this.logger.log({
      event: 'saml_logout_completed',
      userId: open.userId,
      requestId: open.requestId,
      status,
    });
    this.audit.record({
      type: 'saml_logout_completed',
      userId: open.userId,
      authnRequestId: open.requestId,
      reason: succeeded ? undefined : `idp_status:${status}`,
    });
    if (succeeded) {
      return frontendLocation(open, {});
    }
    return frontendLocation(open, {
      error: 'logout_failed',
      error_description: `The identity provider did not end its session (${status}).`,
    });
  }

  /** The IdP settings in force now: a metadata URL may have been refreshed since start. */
  private saml(): SamlConfig {
    return samlConfigWith(this.config.saml, this.idpSettings.current());
  }

  private revokeFamily(userId: string, refreshToken: string): Promise<FamilySession | null> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const family = await this.sessions.familyOfToken(manager, sha256Hex(refreshToken), userId);
      if (family && !family.revoked) {
        await this.refreshTokens.revokeFamily(manager, family.familyId, 'logout', now);
      }
      return family;
    });
  }
}

function frontendLocation(
  target: { redirectUri: string; state: string | null },
  extra: Record<string, string>,
): string {
  const url = new URL(target.redirectUri);
  for (const [name, value] of Object.entries(extra)) {
    url.searchParams.set(name, value);
  }
  if (target.state !== null) {
    url.searchParams.set('state', target.state);
  }
  return url.toString();
}

/** `urn:oasis:names:tc:SAML:2.0:status:PartialLogout` → `PartialLogout`. */
function shortStatus(code: string): string {
  return code.slice(code.lastIndexOf(':') + 1);
}
