import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { AuditEventsController } from './audit-events.controller';

/** The admin-only HTTP view of the audit trail that `@app/audit` records. */
@Module({
  imports: [AuditModule],
  controllers: [AuditEventsController],
})
export class AuditEventsModule {}
