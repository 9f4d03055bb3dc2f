import { Controller, Get, Query, ValidationPipe } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditEventsReader } from '@app/audit';
import { Roles } from '@app/auth';
import {
  AuditEventDto,
  AuditEventsPageDto,
  AuditEventsQueryDto,
  DEFAULT_PAGE_SIZE,
} from './audit-events.dto';

@ApiTags('audit')
@Controller('audit-events')
export class AuditEventsController {
  constructor(private readonly reader: AuditEventsReader) {}

  @Get()
  @Roles('admin')
  @ApiOperation({
    summary: 'The audit trail of sign-in steps, newest first',
    description: 'Admins only (members of AUTH_ADMIN_GROUPS). Page with `nextBefore`.',
  })
  @ApiOkResponse({ type: AuditEventsPageDto, description: 'One page of events.' })
  async list(
    // The global pipe validates without converting; this query needs its numbers as numbers.
    @Query(new ValidationPipe({ transform: true, whitelist: true })) query: AuditEventsQueryDto,
  ): Promise<AuditEventsPageDto> {
    const page = await this.reader.page({
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      before: query.before,
    });
    return {
      events: page.events.map((event) => AuditEventDto.from(event)),
      nextBefore: page.nextBefore,
    };
  }
}
