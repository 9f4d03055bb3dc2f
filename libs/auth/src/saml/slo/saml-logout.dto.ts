import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** `POST /auth/saml/logout`: the session to end, and where the browser lands afterwards. */
export class SamlLogoutRequestDto {
  @ApiProperty({ description: 'The latest refresh token of the session to end.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  refresh_token!: string;

  @ApiProperty({ description: 'Where to land afterwards; must equal an entry of the allowlist.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2048)
  redirect_uri!: string;

  @ApiPropertyOptional({ description: 'Opaque value echoed back to redirect_uri.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  state?: string;
}

export class SamlLogoutResponseDto {
  @ApiProperty({
    description:
      'Where the frontend sends the browser: the IdP with a signed LogoutRequest, or ' +
      'redirect_uri itself when single logout is off or the session has no IdP session.',
  })
  logout_url!: string;
}

/**
 * The IdP's auto-POST to the single logout service (SAML bindings §3.5). Documentation only: the
 * endpoint reads and checks these fields itself.
 */
export class SamlSloFormDto {
  @ApiPropertyOptional({
    description:
      "Base64 of the IdP's signed LogoutRequest (IdP-initiated). Send this or SAMLResponse.",
  })
  SAMLRequest?: string;

  @ApiPropertyOptional({
    description: "Base64 of the IdP's signed LogoutResponse to our LogoutRequest.",
  })
  SAMLResponse?: string;

  @ApiPropertyOptional({ description: 'The RelayState that came with the message, unchanged.' })
  RelayState?: string;
}
