import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_CONFIG, AppConfig, buildAppConfig } from './app-config';
import { IdpSettingsSource, StaticIdpSettingsSource } from './idp-settings.source';
import { MetadataUrlIdpSettingsSource } from './metadata-url-idp-settings.source';
import { SamlConfigSource } from './saml-config.source';
import { EnvironmentVariables } from './environment-variables';
import { validateEnvironment } from './validate-environment';
import { withDevelopmentSpSigning } from './development-sp-signing';

export interface AppConfigModuleOptions {
  /** Variables to use instead of `process.env` and `.env` (tests pass their own). */
  env?: Record<string, string | undefined>;
}

/**
 * Validates the environment once at boot (through `@nestjs/config`) and exposes the typed
 * `AppConfig` under the `APP_CONFIG` token to every module, and the IdP settings in force as
 * `IdpSettingsSource` and `SamlConfigSource` (a metadata URL is fetched while the application
 * initialises).
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(options: AppConfigModuleOptions = {}): DynamicModule {
    // Validated once (which reads an IdP metadata file, if any); the factory below reuses it.
    let validated: EnvironmentVariables | undefined;
    const configModule = ConfigModule.forRoot({
      ignoreEnvFile: options.env !== undefined,
      ignoreEnvVars: options.env !== undefined,
      validate: (loaded) => (validated = validateEnvironment(options.env ?? loaded)),
      cache: true,
    });
    return {
      module: AppConfigModule,
      imports: [configModule],
      providers: [
        {
          provide: APP_CONFIG,
          // ConfigModule has already merged `.env` into process.env and validated it.
          useFactory: () =>
            withDevelopmentSpSigning(
              buildAppConfig(validated ?? validateEnvironment(options.env ?? process.env)),
            ),
        },
        { provide: IdpSettingsSource, inject: [APP_CONFIG], useFactory: idpSettingsSource },
        SamlConfigSource,
      ],
      exports: [APP_CONFIG, IdpSettingsSource, SamlConfigSource],
    };
  }
}

function idpSettingsSource(config: AppConfig): IdpSettingsSource {
  const source = config.saml.idpSource;
  if (source.kind === 'metadata_url') {
    return new MetadataUrlIdpSettingsSource(source);
  }
  return new StaticIdpSettingsSource(source.settings, source.kind);
}
