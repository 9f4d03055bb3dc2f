import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { X509Certificate } from 'node:crypto';
import { APP_CONFIG, AppConfig, IdpSettingsSource } from '@app/config';
import { Clock } from '../common/clock';
import { certificateExpiryNotice, CertificateExpiryNotice } from './certificate-expiry';

const CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;

/**
 * Warns ahead of an IdP signing certificate's expiry: at start, daily, and when refreshed
 * metadata changes the certificates. It never stops the service: during a rotation the old
 * certificate is expected to run out while the new one is already configured beside it, and an
 * expired one only matters if the IdP still signs with it.
 */
@Injectable()
export class IdpCertificateMonitor implements OnApplicationBootstrap {
  private readonly logger = new Logger(IdpCertificateMonitor.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly idp: IdpSettingsSource,
  ) {}

  onApplicationBootstrap(): void {
    this.check();
    this.idp.onChange(() => this.check());
  }

  @Interval(CHECK_INTERVAL_MS)
  check(): CertificateExpiryNotice[] {
    const now = this.clock.now();
    const { certificates } = this.idp.current();
    const notices = certificates
      .map((pem) => certificateExpiryNotice(new X509Certificate(pem), now, this.warningDays))
      .filter((notice): notice is CertificateExpiryNotice => notice !== null);
    for (const notice of notices) {
      if (notice.event === 'idp_certificate_expired') {
        this.logger.error(notice);
      } else {
        this.logger.warn(notice);
      }
    }
    return notices;
  }

  private get warningDays(): number {
    return this.config.saml.certificateWarningDays;
  }
}
