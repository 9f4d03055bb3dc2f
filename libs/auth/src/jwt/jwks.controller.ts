import { Controller, Get, Header } from '@nestjs/common';
import { JsonWebKey } from 'node:crypto';
import { Public } from '../decorators/public.decorator';
import { SigningKeys } from './signing-keys';

@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: SigningKeys) {}

  /** Public keys for verifying our access tokens, by `kid` (RFC 7517). */
  @Public()
  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  jwks(): { keys: JsonWebKey[] } {
    return this.keys.jwks();
  }
}
