import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import { DestinationStream } from 'pino';
import { AuditModule } from '@app/audit';
import { AuthModule } from '@app/auth';
import { APP_CONFIG, AppConfig, AppConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { UsersModule, UsersService } from '@app/users';
import { AuditEventsModule } from './audit/audit-events.module';
import { GreetingsModule } from './greetings/greetings.module';
import { HealthModule } from './health/health.module';
import { GracefulShutdown } from './http/graceful-shutdown';
import { loggerOptions } from './http/logger.options';
import { ProblemDetailsFilter } from './http/problem-details.filter';

export interface AppModuleOptions {
  /** Environment to use instead of `process.env` and `.env`; tests pass their own. */
  env?: Record<string, string | undefined>;
  /** Where log lines go instead of stdout (tests read them to check what is logged). */
  logDestination?: DestinationStream;
}

/**
 * The composition root. Feature modules are imported here and are guarded by default: the
 * JWT guard registered by `AuthModule` applies to every route of every module.
 */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot({ env: options.env }),
        LoggerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => loggerOptions(config, options.logDestination),
        }),
        ScheduleModule.forRoot(),
        DatabaseModule,
        AuditModule,
        UsersModule,
        AuthModule.forRoot({
          userDirectory: { imports: [UsersModule], useExisting: UsersService },
        }),
        HealthModule,
        AuditEventsModule,
        GreetingsModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }, GracefulShutdown],
    };
  }
}
