import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Every error but the token endpoint's: RFC 9457 problem details. */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'about:blank', description: 'Problem type URI.' })
  type!: string;

  @ApiProperty({ example: 'Bad Request', description: 'The HTTP status in words.' })
  title!: string;

  @ApiProperty({ example: 400, description: 'The HTTP status code.' })
  status!: number;

  @ApiProperty({ description: 'What went wrong, for a person.' })
  detail!: string;

  @ApiPropertyOptional({ description: 'The request id: X-Request-Id, and every log line.' })
  correlationId?: string;
}
