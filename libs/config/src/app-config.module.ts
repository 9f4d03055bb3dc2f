import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_CONFIG, buildAppConfig } from './app-config';
import { validateEnvironment } from './validate-environment';

export interface AppConfigModuleOptions {
  /** Variables to use instead of `process.env` and `.env` (tests pass their own). */
  env?: Record<string, string | undefined>;
}

/**
 * Validates the environment once at boot (through `@nestjs/config`) and exposes the typed
 * `AppConfig` under the `APP_CONFIG` token to every module.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(options: AppConfigModuleOptions = {}): DynamicModule {
    const configModule = ConfigModule.forRoot({
      ignoreEnvFile: options.env !== undefined,
      ignoreEnvVars: options.env !== undefined,
      validate: (loaded) => validateEnvironment(options.env ?? loaded),
      cache: true,
    });
    return {
      module: AppConfigModule,
      imports: [configModule],
      providers: [
        {
          provide: APP_CONFIG,
          // ConfigModule has already merged `.env` into process.env and validated it.
          useFactory: () => buildAppConfig(validateEnvironment(options.env ?? process.env)),
        },
      ],
      exports: [APP_CONFIG],
    };
  }
}
