import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { IdpSettingsSource, IdpSettingsStatus } from '@app/config';

/**
 * Whether the IdP settings a sign-in needs are loaded: the SSO URL, the issuer and at least one
 * certificate (every source refuses one that does not parse). With a metadata URL it also tells
 * when the metadata was last confirmed, and since when refreshing it fails. Stale settings keep
 * the check up: they are the last good ones and still sign people in, and an IdP outage should
 * not empty a load balancer.
 */
@Injectable()
export class IdpConfigurationIndicator {
  constructor(
    private readonly idp: IdpSettingsSource,
    private readonly indicators: HealthIndicatorService,
  ) {}

  check<const Key extends string>(key: Key): HealthIndicatorResult<Key> {
    const indicator = this.indicators.check(key);
    const settings = this.idp.current();
    const certificates = settings.certificates.length;
    if (!settings.ssoUrl || !settings.issuer || certificates === 0) {
      return indicator.down({ message: 'The IdP configuration is incomplete' });
    }
    return indicator.up({ certificates, ...freshness(this.idp.status()) });
  }
}

/** Only a metadata URL changes while the API runs; the other sources have nothing to add. */
function freshness(status: IdpSettingsStatus): Record<string, string> {
  if (status.source !== 'metadata_url') {
    return {};
  }
  const confirmedAt = status.confirmedAt.toISOString();
  return status.staleSince
    ? { confirmedAt, staleSince: status.staleSince.toISOString() }
    : { confirmedAt };
}
