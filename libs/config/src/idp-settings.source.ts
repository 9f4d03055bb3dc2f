import { IdpSettings } from './idp-metadata';
import { IdpSource } from './idp-source';

export interface IdpSettingsStatus {
  source: IdpSource['kind'];
  /** When the settings in force were read. */
  loadedAt: Date;
  /** When they were last confirmed (read, or fetched again unchanged). */
  confirmedAt: Date;
  /** Since when refreshing has failed; null while the last attempt succeeded. */
  staleSince: Date | null;
  /** Why the last refresh failed, in a few words; never the document. */
  lastFailure: string | null;
}

export type IdpSettingsListener = (settings: IdpSettings) => void;

/**
 * The IdP settings in force: SSO URL, issuer and signing certificates. Everything that needs
 * them asks `current()` at the moment of use instead of keeping a copy, so that refreshed
 * metadata takes effect for the next sign-in without a restart. The object returned is
 * replaced, never changed, when the settings change.
 */
export abstract class IdpSettingsSource {
  abstract current(): IdpSettings;

  abstract status(): IdpSettingsStatus;

  /** Called after the settings in force have changed; never at start. */
  abstract onChange(listener: IdpSettingsListener): void;
}

/** Settings from the SAML_IDP_* variables or a metadata file: read at start, never changed. */
export class StaticIdpSettingsSource extends IdpSettingsSource {
  private readonly loadedAt = new Date();

  constructor(
    private readonly settings: IdpSettings,
    private readonly kind: IdpSource['kind'] = 'variables',
  ) {
    super();
  }

  current(): IdpSettings {
    return this.settings;
  }

  status(): IdpSettingsStatus {
    return {
      source: this.kind,
      loadedAt: this.loadedAt,
      confirmedAt: this.loadedAt,
      staleSince: null,
      lastFailure: null,
    };
  }

  /** These settings never change, so there is nothing to tell a listener. */
  onChange(_listener: IdpSettingsListener): void {}
}
