import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, SamlConfig, samlConfigWith } from './app-config';
import { IdpSettings } from './idp-metadata';
import { IdpSettingsSource } from './idp-settings.source';

/**
 * The whole SAML configuration with the IdP settings in force, for code that works on a
 * `SamlConfig`. Ask at the moment of use: the object changes when refreshed metadata does.
 */
@Injectable()
export class SamlConfigSource {
  private combined?: { idp: IdpSettings; saml: SamlConfig };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly idp: IdpSettingsSource,
  ) {}

  current(): SamlConfig {
    const idp = this.idp.current();
    if (this.combined?.idp !== idp) {
      this.combined = { idp, saml: samlConfigWith(this.config.saml, idp) };
    }
    return this.combined.saml;
  }
}
