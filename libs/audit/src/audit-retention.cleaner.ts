import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { deleteInBatches } from '@app/database';

const CLEANUP_INTERVAL_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes audit events older than AUDIT_RETENTION_DAYS, hourly, in batches that several
 * instances can run at once.
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
    // Only events strictly older than the cutoff go; one recorded at the cutoff instant stays.
    const removed = await deleteInBatches(
      this.dataSource,
      'audit_events',
      'occurred_at',
      new Date(cutoff.getTime() - 1),
    );
    this.logger.log({
      event: 'audit_cleanup_done',
      removed,
      retentionDays: this.config.audit.retentionDays,
    });
    return removed;
  }
}
