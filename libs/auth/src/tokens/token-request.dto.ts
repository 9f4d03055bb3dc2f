import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export const GRANT_TYPES = ['authorization_code', 'refresh_token'] as const;

/** `POST /auth/token`, JSON or form (RFC 6749 §4.1.3 and §6). */
export class TokenRequestDto {
  @IsString()
  @MaxLength(64)
  grant_type!: string;

  @IsOptional()
  @IsString()
  @MaxLength(512)
  code?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2048)
  redirect_uri?: string;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  code_verifier?: string;

  @IsOptional()
  @IsString()
  @MaxLength(512)
  refresh_token?: string;
}

/** `POST /auth/logout`: one session by its refresh token, or every session of the user. */
export class LogoutRequestDto {
  @IsOptional()
  @IsString()
  @MaxLength(512)
  refresh_token?: string;

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
