import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { IdpConfigurationIndicator } from './idp-configuration.indicator';

/** terminus logs a failed check itself; ours logs it as a structured event instead. */
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [IdpConfigurationIndicator],
})
export class HealthModule {}
