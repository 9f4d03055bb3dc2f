import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEvent } from './audit-event.entity';
import { AuditEventsReader } from './audit-events.reader';
import { AuditRetentionCleaner } from './audit-retention.cleaner';
import { AuditService } from './audit.service';

/**
 * The audit trail of auth steps: recording (for the auth lib), reading (for an admin endpoint)
 * and retention. Needs the database module and, for the hourly cleanup, `ScheduleModule`.
 */
@Module({
  imports: [TypeOrmModule.forFeature([AuditEvent])],
  providers: [AuditService, AuditEventsReader, AuditRetentionCleaner],
  exports: [AuditService, AuditEventsReader, AuditRetentionCleaner],
})
export class AuditModule {}
