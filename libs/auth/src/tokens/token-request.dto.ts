import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export const GRANT_TYPES = ['authorization_code', 'refresh_token'] as const;

/** `POST /auth/token`, JSON or form (RFC 6749 §4.1.3 and §6). */
export class TokenRequestDto {
  @ApiProperty({ enum: GRANT_TYPES, description: 'Which grant: a one-time code, or a refresh.' })
  @IsString()
  @MaxLength(64)
  grant_type!: string;

  @ApiPropertyOptional({ description: 'The one-time code from the callback (authorization_code).' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  code?: string;

  @ApiPropertyOptional({
    description: 'The redirect_uri the login started with (authorization_code).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  redirect_uri?: string;

  @ApiPropertyOptional({
    description: 'The PKCE verifier whose S256 hash started the login (RFC 7636).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  code_verifier?: string;

  @ApiPropertyOptional({ description: 'The latest refresh token of the session (refresh_token).' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  refresh_token?: string;
}

/** `POST /auth/logout`: one session by its refresh token, or every session of the user. */
export class LogoutRequestDto {
  @ApiPropertyOptional({ description: 'Ends the session this refresh token belongs to.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  refresh_token?: string;

  @ApiPropertyOptional({ enum: [true], description: 'Ends every session of the signed-in user.' })
  @IsOptional()
  @IsBoolean()
  @IsIn([true])
  all?: boolean;
}

/** Successful token response (RFC 6749 §5.1). */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
}

/** The token response as the OpenAPI document describes it. */
export class TokenResponseDto implements TokenResponse {
  @ApiProperty({ description: 'RS256 JWT (typ at+jwt) to send as `Authorization: Bearer`.' })
  access_token!: string;

  @ApiProperty({ enum: ['Bearer'], description: 'Always Bearer (RFC 6750).' })
  token_type!: 'Bearer';

  @ApiProperty({ description: 'Seconds until the access token expires.', example: 600 })
  expires_in!: number;

  @ApiProperty({ description: 'Opaque, single use: each refresh returns the next one.' })
  refresh_token!: string;
}

/** A token endpoint error (RFC 6749 §5.2). */
export class OAuthErrorDto {
  @ApiProperty({
    enum: ['invalid_request', 'invalid_grant', 'unsupported_grant_type', 'invalid_client'],
    description: 'RFC 6749 §5.2 error code.',
  })
  error!: string;

  @ApiProperty({ description: 'What went wrong, for a developer.' })
  error_description!: string;
}
