import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';

/** Rows deleted per statement: short transactions, no long lock on the table. */
const BATCH_SIZE = 1000;
const CLEANUP_INTERVAL_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes audit events older than AUDIT_RETENTION_DAYS, hourly. Safe with several instances:
 * each batch takes its rows with SKIP LOCKED, so concurrent cleaners share the work.
 */
@Injectable()
export class AuditRetentionCleaner {
  private readonly logger = new Logger(AuditRetentionCleaner.name);
  private running = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Interval(CLEANUP_INTERVAL_MS)
  async onSchedule(): Promise<void> {
    if (this.running) {
      return;
    }
    this.running = true;
    try {
      await this.removeExpired(new Date());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn({ event: 'audit_cleanup_failed', message });
    } finally {
      this.running = false;
    }
  }

  /** Deletes every event recorded before `now` minus the retention; returns how many. */
  async removeExpired(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.audit.retentionDays * DAY_MS);
    let removed = 0;
    for (;;) {
      const result: unknown = await this.dataSource.query(
        `DELETE FROM audit_events WHERE id IN (
           SELECT id FROM audit_events WHERE occurred_at < $1
            LIMIT ${BATCH_SIZE} FOR UPDATE SKIP LOCKED)`,
        [cutoff],
      );
      const count = Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
      removed += count;
      if (count < BATCH_SIZE) {
        break;
      }
    }
    this.logger.log({
      event: 'audit_cleanup_done',
      removed,
      retentionDays: this.config.audit.retentionDays,
    });
    return removed;
  }
}
