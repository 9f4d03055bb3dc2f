import { X509Certificate } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { APP_CONFIG, AppConfig } from '@app/config';

/**
 * Whether the IdP settings a sign-in needs are loaded: the SSO URL, the issuer and at least one
 * certificate that parses. Validated at start today; kept as a readiness check so that an IdP
 * configuration loaded later (from metadata) cannot leave an instance serving without one.
 */
@Injectable()
export class IdpConfigurationIndicator {
  /** Certificates that parse; the configuration does not change while the process runs. */
  private readonly usableCertificates: number;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly indicators: HealthIndicatorService,
  ) {
    this.usableCertificates = config.saml.idpCertificates.filter(parses).length;
  }

  check<const Key extends string>(key: Key): HealthIndicatorResult<Key> {
    const indicator = this.indicators.check(key);
    const { idpSsoUrl, idpIssuer } = this.config.saml;
    if (!idpSsoUrl || !idpIssuer || this.usableCertificates === 0) {
      return indicator.down({ message: 'The IdP configuration is incomplete' });
    }
    return indicator.up({ certificates: this.usableCertificates });
  }
}

function parses(pem: string): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}
