import { ApiProperty } from '@nestjs/swagger';

const CHECKS = {
  type: 'object',
  additionalProperties: { type: 'object', properties: { status: { type: 'string' } } },
} as const;

/** What the health endpoints answer (the shape of `@nestjs/terminus`). */
export class HealthReportDto {
  @ApiProperty({ enum: ['ok'], description: 'ok when every check is up.' })
  status!: string;

  @ApiProperty({ ...CHECKS, description: 'The checks that are up, by name (database, idp).' })
  info!: Record<string, unknown>;

  @ApiProperty({ ...CHECKS, description: 'The checks that are down, by name; empty when ok.' })
  error!: Record<string, unknown>;

  @ApiProperty({ ...CHECKS, description: 'Every check, by name.' })
  details!: Record<string, unknown>;
}
