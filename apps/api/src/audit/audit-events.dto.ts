import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { AUDIT_EVENT_TYPES, AuditEvent, AuditEventType } from '@app/audit';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** `GET /audit-events?limit&before`. */
export class AuditEventsQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_PAGE_SIZE,
    description: 'Events per page.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  /** At most 18 digits: always inside Postgres bigint, whatever the caller sends. */
  @ApiPropertyOptional({
    pattern: '^[1-9][0-9]{0,17}$',
    description: 'Only events older than this one: the `nextBefore` of the previous page.',
  })
  @IsOptional()
  @Matches(/^[1-9]\d{0,17}$/, { message: 'before must be an event id' })
  before?: string;
}

export class AuditEventDto {
  @ApiProperty({ description: 'Event id; increases with time.', example: '1042' })
  id!: string;

  @ApiProperty({ format: 'date-time', description: 'When the step happened.' })
  occurredAt!: string;

  @ApiProperty({ enum: AUDIT_EVENT_TYPES, description: 'The auth step.' })
  type!: AuditEventType;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The user, once known.',
  })
  userId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Entity ID of the IdP concerned.' })
  idpIssuer!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Client address (see TRUST_PROXY).' })
  clientIp!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'X-Request-Id of the request.' })
  requestId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why a step was refused.' })
  reason!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The session.' })
  sessionId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'AuthnRequest ID of the login.' })
  authnRequestId!: string | null;

  static from(event: AuditEvent): AuditEventDto {
    return { ...event, occurredAt: event.occurredAt.toISOString() };
  }
}

export class AuditEventsPageDto {
  @ApiProperty({ type: [AuditEventDto], description: 'Newest first.' })
  events!: AuditEventDto[];

  @ApiProperty({ type: String, nullable: true, description: 'The `before` of the next page.' })
  nextBefore!: string | null;
}
