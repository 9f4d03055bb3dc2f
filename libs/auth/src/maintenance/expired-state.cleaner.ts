import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { deleteInBatches } from '@app/database';
import { Clock } from '../common/clock';

/** The name under which the schedule is registered (the scheduler clears it at shutdown). */
const SCHEDULE_NAME = 'expired-state-cleanup';

/**
 * What may be deleted once it has expired. Refresh tokens go with their family (ON DELETE
 * CASCADE); a family is kept until its absolute expiry even when revoked, so reuse of one of its
 * tokens is still recognised as reuse until then.
 */
const EXPIRED_STATE = [
  'login_requests',
  'seen_assertions',
  'authorization_codes',
  'refresh_token_families',
  // Kept as long as the families that point at them (code lifetime + refresh lifetime).
  'saml_sessions',
  'logout_requests',
  'seen_logout_requests',
];

/**
 * Removes expired sign-in state on a schedule. Safe with several instances: each batch locks
 * its rows with SKIP LOCKED, so concurrent cleaners take different rows instead of waiting.
 */
@Injectable()
export class ExpiredStateCleaner implements OnApplicationBootstrap {
  private readonly logger = new Logger(ExpiredStateCleaner.name);
  private running = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Registered here rather than with `@Interval`, whose period is fixed at compile time. */
  onApplicationBootstrap(): void {
    const timer = setInterval(() => void this.onSchedule(), this.config.auth.cleanupIntervalMs);
    this.scheduler.addInterval(SCHEDULE_NAME, timer);
  }

  async onSchedule(): Promise<void> {
    if (this.running) {
      return;
    }
    this.running = true;
    try {
      await this.removeExpired();
    } catch (error) {
      this.logger.warn({
        event: 'cleanup_failed',
        message: error instanceof Error ? error.message : String(error),
      });
    } finally {
      this.running = false;
    }
  }

  /** Deletes every expired row; returns how many per table. */
  async removeExpired(): Promise<Record<string, number>> {
    const now = this.clock.now();
    const removed: Record<string, number> = {};
    for (const table of EXPIRED_STATE) {
      removed[table] = await deleteInBatches(this.dataSource, table, 'expires_at', now);
    }
    this.logger.log({ event: 'cleanup_done', removed });
    return removed;
  }
}
