import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditEvent } from './audit-event.entity';

export interface AuditEventsPageRequest {
  limit: number;
  /** Only events older than this id (the previous page's `nextBefore`). */
  before?: string;
}

export interface AuditEventsPage {
  events: AuditEvent[];
  /** The `before` that fetches the next (older) page; null on the last page. */
  nextBefore: string | null;
}

/**
 * Reads the trail newest first, by keyset pagination on the id: pages stay stable while new
 * events arrive, and each page is an index range scan however deep the reader goes.
 */
@Injectable()
export class AuditEventsReader {
  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  async page(request: AuditEventsPageRequest): Promise<AuditEventsPage> {
    const query = this.events
      .createQueryBuilder('event')
      .orderBy('event.id', 'DESC')
      .limit(request.limit + 1);
    if (request.before !== undefined) {
      query.where('event.id < :before', { before: request.before });
    }
    const rows = await query.getMany();
    const events = rows.slice(0, request.limit);
    const hasMore = rows.length > request.limit;
    return { events, nextBefore: hasMore ? events[events.length - 1].id : null };
  }
}
