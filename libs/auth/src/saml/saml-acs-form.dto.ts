import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * The IdP's auto-POST to the ACS (SAML bindings §3.5). Documentation only: the ACS guard reads
 * and checks these fields itself before passport-saml sees them.
 */
export class SamlAcsFormDto {
  @ApiProperty({ description: 'Base64 of the signed SAML Response (at most 256 KiB of XML).' })
  SAMLResponse!: string;

  @ApiPropertyOptional({ description: 'The opaque RelayState the login redirect carried.' })
  RelayState?: string;
}
