import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationShutdown,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { IdpSettingsSource } from '@app/config';
import { AuditEventInput } from './audit-event';
import { AuditEvent } from './audit-event.entity';
import { currentRequestContext } from './request-context';

type AuditRow = Omit<AuditEvent, 'id'>;

/**
 * Beyond this many events waiting for the database, new ones are logged and dropped rather
 * than queued: a database outage must not grow the process's memory without bound.
 */
const MAX_QUEUED = 1000;
/** Rows per INSERT when events arrive faster than they are written. */
const BATCH_SIZE = 100;

/**
 * Records auth steps in `audit_events`. `record` returns at once and never throws: rows are
 * written in the background, so a slow or failing audit table neither delays nor fails a
 * sign-in, and a failed write is logged with the whole event so that nothing is lost silently.
 * One write at a time, in the order recorded: ids then follow the order of events, and a
 * caller inside a transaction never waits for a second pool connection while holding one.
 */
@Injectable()
export class AuditService implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(AuditService.name);
  private readonly queue: AuditRow[] = [];
  private writing?: Promise<void>;

  constructor(
    @InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>,
    private readonly idp: IdpSettingsSource,
  ) {}

  record(event: AuditEventInput): void {
    const row = this.toRow(event);
    if (this.queue.length >= MAX_QUEUED) {
      this.logger.error({ event: 'audit_event_dropped', audit: row });
      return;
    }
    this.queue.push(row);
    this.writing ??= this.writeQueued();
  }

  /** Resolves once every event recorded so far is written (or its failure logged). */
  async flush(): Promise<void> {
    await this.writing;
  }

  /**
   * Writes what is queued before the drain, then what the drained requests recorded. Nest
   * closes the pool (a global module's hook) before this module's `onApplicationShutdown`, so
   * an event queued behind a write at that very moment fails, and is logged in full.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private toRow(event: AuditEventInput): AuditRow {
    const request = currentRequestContext();
    return {
      occurredAt: new Date(),
      type: event.type,
      userId: event.userId ?? null,
      idpIssuer: event.idpIssuer ?? this.idp.current().issuer,
      clientIp: request?.clientIp ?? null,
      requestId: request?.requestId ?? null,
      reason: event.reason ?? null,
      sessionId: event.sessionId ?? null,
      authnRequestId: event.authnRequestId ?? null,
    };
  }

  private async writeQueued(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, BATCH_SIZE);
      try {
        await this.events.insert(batch);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        batch.forEach((row) =>
          this.logger.error({ event: 'audit_write_failed', audit: row, message }),
        );
      }
    }
    this.writing = undefined;
  }
}
