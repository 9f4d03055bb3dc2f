import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** Query of `GET /auth/saml/login`; names follow OAuth 2.0 (RFC 6749 §4.1.1, RFC 7636 §4.3). */
export class SamlLoginQueryDto {
  @ApiProperty({ description: 'Frontend callback; must equal an entry of FRONTEND_REDIRECT_URIS.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2048)
  redirect_uri!: string;

  @ApiPropertyOptional({ description: 'Opaque value echoed back to the callback (CSRF check).' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  state?: string;

  /** BASE64URL(SHA256(code_verifier)) is always 43 characters. */
  @ApiPropertyOptional({
    description: 'BASE64URL(SHA256(code_verifier)); required unless AUTH_REQUIRE_PKCE=false.',
    pattern: '^[A-Za-z0-9_-]{43}$',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, {
    message: 'code_challenge must be a base64url SHA-256 (43 characters)',
  })
  code_challenge?: string;

  @ApiPropertyOptional({ enum: ['S256'], description: 'Only S256 is accepted.' })
  @IsOptional()
  @IsIn(['S256'], { message: 'code_challenge_method must be S256' })
  code_challenge_method?: string;
}
