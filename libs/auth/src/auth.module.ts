import { DynamicModule, Module, ModuleMetadata, Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule, ThrottlerModuleOptions } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Clock, SystemClock } from './common/clock';
import { AccessTokenJwtModule, SigningKeysModule } from './jwt/access-token-jwt.module';
import { AccessTokenService } from './jwt/access-token.service';
import { JwksController } from './jwt/jwks.controller';
import { JwtAuthGuard } from './jwt/jwt-auth.guard';
import { VerifiedTokenCache } from './jwt/verified-token.cache';
import { ExpiredStateCleaner } from './maintenance/expired-state.cleaner';
import { LoginRequest } from './saml/login-request.entity';
import { IdpCertificateMonitor } from './saml/idp-certificate.monitor';
import { LoginRequestStore } from './saml/login-request.store';
import { SamlAcsGuard } from './saml/saml-acs.guard';
import { SamlAcsService } from './saml/saml-acs.service';
import { SamlLoginService } from './saml/saml-login.service';
import { SamlRejectionHandler } from './saml/saml-rejection.handler';
import { SamlController } from './saml/saml.controller';
import { SamlStrategy } from './saml/saml.strategy';
import { SamlValidationPool } from './saml/offload/saml-validation.pool';
import { SeenAssertion } from './saml/seen-assertion.entity';
import { IdpLogoutService } from './saml/slo/idp-logout.service';
import { LogoutRequestStore } from './saml/slo/logout-request.store';
import { SamlLogoutService } from './saml/slo/saml-logout.service';
import { SamlSessionStore } from './saml/slo/saml-session.store';
import { SingleLogoutController } from './saml/slo/single-logout.controller';
import { SingleLogoutMetadata } from './saml/slo/single-logout-metadata';
import { USER_DIRECTORY, UserDirectory } from './saml/user-directory';
import { AuthorizationCode } from './tokens/authorization-code.entity';
import { AuthorizationCodeService } from './tokens/authorization-code.service';
import { RefreshToken, RefreshTokenFamily } from './tokens/refresh-token.entity';
import { RefreshTokenService } from './tokens/refresh-token.service';
import { TokenController } from './tokens/token.controller';
import { TokenService } from './tokens/token.service';

export interface AuthModuleOptions {
  /** The module that exports the user directory, and the provider to use as it. */
  userDirectory: { imports: ModuleMetadata['imports']; useExisting: Type<UserDirectory> };
}

/**
 * SAML sign-in, one-time codes, tokens, and the global JWT guard that closes every route of
 * the application unless it is marked `@Public()`.
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        ...(options.userDirectory.imports ?? []),
        PassportModule,
        AuditModule,
        ThrottlerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: signInRateLimit }),
        SigningKeysModule,
        AccessTokenJwtModule,
        TypeOrmModule.forFeature([
          LoginRequest,
          SeenAssertion,
          AuthorizationCode,
          RefreshTokenFamily,
          RefreshToken,
        ]),
      ],
      controllers: [SamlController, SingleLogoutController, TokenController, JwksController],
      providers: [
        { provide: Clock, useClass: SystemClock },
        { provide: USER_DIRECTORY, useExisting: options.userDirectory.useExisting },
        VerifiedTokenCache,
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        AccessTokenService,
        LoginRequestStore,
        SamlValidationPool,
        SamlStrategy,
        SamlLoginService,
        SamlAcsService,
        SamlAcsGuard,
        SamlRejectionHandler,
        AuthorizationCodeService,
        RefreshTokenService,
        TokenService,
        ExpiredStateCleaner,
        IdpCertificateMonitor,
        SamlSessionStore,
        LogoutRequestStore,
        SamlLogoutService,
        IdpLogoutService,
        SingleLogoutMetadata,
      ],
      exports: [Clock, AccessTokenService, SigningKeysModule, ExpiredStateCleaner],
    };
  }
}

/** One window of a minute; the counters live in this process (see `RateLimited`). */
function signInRateLimit(config: AppConfig): ThrottlerModuleOptions {
  return {
    throttlers: [{ ttl: 60_000, limit: config.auth.rateLimitPerMinute }],
    errorMessage:
      'Too many sign-in requests from this address. Retry after the time in Retry-After.',
  };
}
