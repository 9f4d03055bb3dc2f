import { randomBytes } from 'node:crypto';
import { BadRequestException, Inject, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { APP_CONFIG, AppConfig } from '@app/config';
import { randomOpaqueToken } from '../common/opaque-token';
import { LoginRequestStore } from './login-request.store';
import { SamlStrategy } from './saml.strategy';

export interface LoginStart {
  redirectUri: string;
  state: string | null;
  codeChallenge: string | null;
}

/**
 * Starts a sign-in: checks the frontend's redirect_uri against the allowlist, records the login
 * request, and returns the IdP URL carrying our AuthnRequest and an opaque RelayState.
 */
@Injectable()
export class SamlLoginService {
  private readonly logger = new Logger(SamlLoginService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly strategy: SamlStrategy,
    private readonly loginRequests: LoginRequestStore,
    private readonly audit: AuditService,
  ) {}

  async start(login: LoginStart): Promise<string> {
    // Exact string match (RFC 9700 §4.1.3): no prefix, pattern or normalisation games.
    if (!this.config.auth.redirectUris.includes(login.redirectUri)) {
      throw new BadRequestException('redirect_uri is not registered for this application');
    }
    if (this.config.auth.requirePkce && !login.codeChallenge) {
      throw new BadRequestException('code_challenge is required (PKCE, S256)');
    }
    // xs:ID values must not start with a digit (SAML core §1.3.4).
    const requestId = `_${randomBytes(20).toString('hex')}`;
    const relayState = randomOpaqueToken();
    await this.loginRequests.create({
      ...login,
      requestId,
      relayState,
      ttlMs: this.config.saml.loginTtlMs,
    });
    this.logger.log({ event: 'saml_login_started', requestId });
    this.audit.record({ type: 'saml_login_started', authnRequestId: requestId });
    return this.strategy.authorizeUrl(requestId, relayState);
  }
}
