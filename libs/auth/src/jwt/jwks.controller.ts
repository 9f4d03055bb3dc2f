import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { JsonWebKey } from 'node:crypto';
import { Public } from '../decorators/public.decorator';
import { JwksDto } from './jwks.dto';
import { SigningKeys } from './signing-keys';

@ApiTags('tokens')
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: SigningKeys) {}

  /** Public keys for verifying our access tokens, by `kid` (RFC 7517). */
  @Public()
  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'Public keys that verify access tokens (JWKS)' })
  @ApiOkResponse({ type: JwksDto, description: 'The JSON Web Key Set (RFC 7517).' })
  jwks(): { keys: JsonWebKey[] } {
    return this.keys.jwks();
  }
}
