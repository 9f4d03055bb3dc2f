import { Controller, Get, Logger, ServiceUnavailableException } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '@app/auth';
import { HealthReportDto } from './health-report.dto';
import { IdpConfigurationIndicator } from './idp-configuration.indicator';

const DATABASE_PING_TIMEOUT_MS = 1000;

/**
 * Liveness (the process answers) and readiness (it can serve sign-ins: the database answers and
 * the IdP configuration is loaded). `GET /health` stays the readiness check it always was.
 */
@Public()
@ApiTags('health')
@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly idp: IdpConfigurationIndicator,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Readiness (the same as /health/ready)' })
  @ApiOkResponse({ type: HealthReportDto, description: 'Every check is up.' })
  @ApiServiceUnavailableResponse({ description: 'A check is down; the detail names it.' })
  check(): Promise<HealthCheckResult> {
    return this.readiness();
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process is up and answering' })
  @ApiOkResponse({ type: HealthReportDto, description: 'The process is up.' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the database answers and the IdP configuration is loaded' })
  @ApiOkResponse({ type: HealthReportDto, description: 'Every check is up.' })
  @ApiServiceUnavailableResponse({ description: 'A check is down; the detail names it.' })
  ready(): Promise<HealthCheckResult> {
    return this.readiness();
  }

  /** terminus answers 503 with its report; ours is a problem naming the checks that are down. */
  private async readiness(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: DATABASE_PING_TIMEOUT_MS }),
        () => this.idp.check('idp'),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) {
        throw error;
      }
      const down = failingChecks(error.getResponse());
      this.logger.warn({ event: 'readiness_failed', down });
      throw new ServiceUnavailableException(`Not ready: ${down.join(', ') || 'unknown'} down`);
    }
  }
}

function failingChecks(report: unknown): string[] {
  if (typeof report !== 'object' || report === null || !('error' in report)) {
    return [];
  }
  const { error } = report;
  return typeof error === 'object' && error !== null ? Object.keys(error) : [];
}
