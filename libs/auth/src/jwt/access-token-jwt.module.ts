import { KeyObject } from 'node:crypto';
import { Module } from '@nestjs/common';
import { JwtModule, JwtSecretRequestType } from '@nestjs/jwt';
import { SigningKeys } from './signing-keys';

@Module({ providers: [SigningKeys], exports: [SigningKeys] })
export class SigningKeysModule {}

/**
 * `@nestjs/jwt` wired to our `KeyObject`s: signing always uses the current key, verifying uses
 * the key named by the token's `kid` (AccessTokenService has already refused unknown ones).
 * Giving jsonwebtoken parsed keys avoids re-parsing key material on every request.
 */
export const AccessTokenJwtModule = JwtModule.registerAsync({
  imports: [SigningKeysModule],
  inject: [SigningKeys],
  useFactory: (keys: SigningKeys) => ({
    secretOrKeyProvider: (
      requestType: JwtSecretRequestType,
      tokenOrPayload: unknown,
    ): KeyObject => {
      if (requestType === JwtSecretRequestType.SIGN) {
        return keys.current.privateKey;
      }
      const kid = typeof tokenOrPayload === 'string' ? kidOf(tokenOrPayload) : undefined;
      return (kid ? keys.find(kid) : undefined)?.publicKey ?? keys.current.publicKey;
    },
  }),
});

function kidOf(token: string): string | undefined {
  try {
    const header: unknown = JSON.parse(
      Buffer.from(token.split('.')[0], 'base64url').toString('utf8'),
    );
    const kid = (header as { kid?: unknown } | null)?.kid;
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
}
