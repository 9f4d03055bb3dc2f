import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One public key of the JWKS (RFC 7517 §4), EC or RSA. */
export class JwkDto {
  @ApiProperty({ enum: ['EC', 'RSA'], description: 'Key type.' })
  kty!: string;

  @ApiProperty({ description: 'Key id, as in the `kid` header of tokens it verifies.' })
  kid!: string;

  @ApiProperty({ enum: ['ES256', 'RS256'], description: 'Algorithm of the tokens it verifies.' })
  alg!: string;

  @ApiProperty({ enum: ['sig'], description: 'Used for signatures.' })
  use!: string;

  @ApiPropertyOptional({ description: 'EC curve (P-256).' })
  crv?: string;

  @ApiPropertyOptional({ description: 'EC public point, x coordinate (base64url).' })
  x?: string;

  @ApiPropertyOptional({ description: 'EC public point, y coordinate (base64url).' })
  y?: string;

  @ApiPropertyOptional({ description: 'RSA modulus (base64url).' })
  n?: string;

  @ApiPropertyOptional({ description: 'RSA public exponent (base64url).' })
  e?: string;
}

export class JwksDto {
  @ApiProperty({ type: [JwkDto], description: 'Every key that may have signed a live token.' })
  keys!: JwkDto[];
}
