export * from './audit-event';
export * from './audit-event.entity';
export * from './audit-events.reader';
export * from './audit-retention.cleaner';
export * from './audit.module';
export * from './audit.service';
export * from './request-context';
