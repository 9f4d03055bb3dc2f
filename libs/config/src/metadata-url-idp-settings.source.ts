import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import { IdpMetadataError, IdpSettings } from './idp-metadata';
import { fetchIdpSettings, IdpMetadataUrlSource, loadIdpSettings } from './idp-source';
import { IdpSettingsListener, IdpSettingsSource, IdpSettingsStatus } from './idp-settings.source';

/**
 * IdP settings from a metadata URL. The first fetch happens while the application initialises,
 * before it listens, and its failure stops the start with a configuration error. Later fetches
 * run on a timer; one that fails, or brings a document we refuse, keeps the last good settings
 * in force and logs a warning, so that an IdP outage or a bad publish cannot end sign-ins.
 */
export class MetadataUrlIdpSettingsSource
  extends IdpSettingsSource
  implements OnModuleInit, OnModuleDestroy
{
  private readonly logger = new Logger(IdpSettingsSource.name);
  private readonly listeners: IdpSettingsListener[] = [];
  private settings: IdpSettings | null = null;
  private loadedAt = new Date(0);
  private confirmedAt = new Date(0);
  private staleSince: Date | null = null;
  private lastFailure: string | null = null;
  private timer?: NodeJS.Timeout;
  private refreshing: Promise<boolean> | null = null;

  constructor(
    private readonly source: IdpMetadataUrlSource,
    private readonly now: () => Date = () => new Date(),
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    const settings = await loadIdpSettings(this.source);
    this.settings = settings;
    this.loadedAt = this.confirmedAt = this.now();
    this.logger.log({
      event: 'idp_metadata_loaded',
      certificates: settings.certificates.length,
      refreshSeconds: this.source.refreshIntervalMs / 1000,
    });
    this.timer = setInterval(() => void this.refresh(), this.source.refreshIntervalMs);
    // The refresh must not be what keeps a stopping process alive.
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  current(): IdpSettings {
    if (this.settings === null) {
      throw new Error('The IdP metadata has not been fetched yet');
    }
    return this.settings;
  }

  status(): IdpSettingsStatus {
    return {
      source: 'metadata_url',
      loadedAt: this.loadedAt,
      confirmedAt: this.confirmedAt,
      staleSince: this.staleSince,
      lastFailure: this.lastFailure,
    };
  }

  onChange(listener: IdpSettingsListener): void {
    this.listeners.push(listener);
  }

  /**
   * Fetches the metadata again now (the timer calls this too). Resolves to whether the
   * settings in force changed; never rejects. Concurrent calls share one fetch.
   */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.fetchAndApply().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async fetchAndApply(): Promise<boolean> {
    let fetched: IdpSettings;
    try {
      fetched = await fetchIdpSettings(this.source);
    } catch (error) {
      this.keepLastGood(error instanceof IdpMetadataError ? error.message : 'cannot be read');
      return false;
    }
    const previous = this.settings;
    const changed = previous === null || !isDeepStrictEqual(previous, fetched);
    const recoveredFrom = this.staleSince;
    this.confirmedAt = this.now();
    this.staleSince = null;
    this.lastFailure = null;
    if (changed) {
      this.settings = fetched;
      this.loadedAt = this.confirmedAt;
    }
    this.logRefreshed(changed, recoveredFrom);
    if (changed) {
      this.notify(fetched);
    }
    return changed;
  }

  private keepLastGood(reason: string): void {
    this.staleSince ??= this.now();
    this.lastFailure = `metadata ${reason}`;
    this.logger.warn({
      event: 'idp_metadata_refresh_failed',
      reason: this.lastFailure,
      staleSince: this.staleSince.toISOString(),
      keptSince: this.loadedAt.toISOString(),
    });
  }

  private logRefreshed(changed: boolean, recoveredFrom: Date | null): void {
    const entry = {
      event: 'idp_metadata_refreshed',
      changed,
      certificates: this.settings?.certificates.length ?? 0,
      ...(recoveredFrom ? { staleSince: recoveredFrom.toISOString() } : {}),
    };
    if (changed || recoveredFrom) {
      this.logger.log(entry);
    } else {
      this.logger.debug(entry);
    }
  }

  /** A listener that throws must not keep the others from hearing of the change. */
  private notify(settings: IdpSettings): void {
    for (const listener of this.listeners) {
      try {
        listener(settings);
      } catch (error) {
        this.logger.error({
          event: 'idp_settings_listener_failed',
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
}
