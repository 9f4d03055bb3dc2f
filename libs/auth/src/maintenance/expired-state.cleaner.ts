import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { deleteInBatches } from '@app/database';
import { Clock } from '../common/clock';

const CLEANUP_INTERVAL_MS = 5 * 60 * 1000;

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
];

/**
 * Removes expired sign-in state on a schedule. Safe with several instances: each batch locks
 * its rows with SKIP LOCKED, so concurrent cleaners take different rows instead of waiting.
 */
@Injectable()
export class ExpiredStateCleaner {
  private readonly logger = new Logger(ExpiredStateCleaner.name);
  private running = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  @Interval(CLEANUP_INTERVAL_MS)
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
