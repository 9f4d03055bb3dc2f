import { createHmac, generateKeyPairSync, KeyObject, sign as cryptoSign } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Clock } from '../common/clock';
import { AccessTokenJwtModule, SigningKeysModule } from './access-token-jwt.module';
import { AccessTokenService } from './access-token.service';
import { SigningKeys } from './signing-keys';

const NOW = new Date('2026-01-15T12:00:00Z');
const config = {
  env: 'test',
  jwt: {
    algorithm: 'ES256',
    issuer: 'https://api.test',
    audience: 'https://api.test',
    accessTokenTtlSeconds: 600,
  },
  auth: {
    roleGrants: [
      { role: 'admin', groups: ['Admins'] },
      { role: 'editor', groups: ['Editors', 'Okta Admins, EMEA'] },
    ],
  },
} as AppConfig;

class PinnedClock extends Clock {
  current = NOW;
  now(): Date {
    return this.current;
  }
}

@Global()
@Module({ providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] })
class TestConfigModule {}

/** A JWS ES256 signature (RFC 7518 §3.4: r || s, not DER) of `input` with `key`. */
function es256Signature(input: string, key: KeyObject): string {
  return cryptoSign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString(
    'base64url',
  );
}

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe(AccessTokenService.name, () => {
  let sut: AccessTokenService;
  let keys: SigningKeys;
  let clock: PinnedClock;
  const user = {
    id: 'user-1',
    email: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    groups: ['Admins'],
  };

  beforeEach(async () => {
    clock = new PinnedClock();
    const moduleRef = await Test.createTestingModule({
      imports: [TestConfigModule, SigningKeysModule, AccessTokenJwtModule],
      providers: [AccessTokenService, { provide: Clock, useValue: clock }],
    }).compile();
    sut = moduleRef.get(AccessTokenService);
    keys = moduleRef.get(SigningKeys);
  });

  /** Signs header.payload with our own private key, which an attacker does not have. */
  function signWithOurKey(header: object, payload: object): string {
    const input = `${b64(header)}.${b64(payload)}`;
    const signature = cryptoSign('sha256', Buffer.from(input), {
      key: keys.current.privateKey,
      dsaEncoding: 'ieee-p1363',
    });
    return `${input}.${signature.toString('base64url')}`;
  }

  function validClaims(): Record<string, unknown> {
    const iat = Math.floor(NOW.getTime() / 1000);
    return {
      iss: 'https://api.test',
      aud: 'https://api.test',
      sub: 'user-1',
      iat,
      exp: iat + 600,
      jti: 'j',
      email: null,
      name: null,
      groups: [],
    };
  }

  const header = (): Record<string, unknown> => ({
    alg: 'ES256',
    typ: 'at+jwt',
    kid: keys.current.kid,
  });

  it('round-trips an issued token with every claim', () => {
    const { token, expiresIn } = sut.issue(user);
    expect(expiresIn).toBe(600);
    expect(sut.verify(token)).toMatchObject({
      sub: 'user-1',
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      groups: ['Admins'],
    });
  });

  it('grants the admin role to members of an admin group, and to no one else', () => {
    expect(sut.verify(sut.issue(user).token).roles).toEqual(['admin']);
    expect(sut.verify(sut.issue({ ...user, groups: ['Everyone', 'admins'] }).token).roles).toEqual(
      [],
    );
  });

  it('grants every role one of the groups maps to, in the configured order', () => {
    const groups = ['Okta Admins, EMEA', 'Everyone', 'Admins'];

    expect(sut.verify(sut.issue({ ...user, groups }).token).roles).toEqual(['admin', 'editor']);
    expect(sut.verify(sut.issue({ ...user, groups: [] }).token).roles).toEqual([]);
  });

  it('reads a token without roles as having none, and drops role names it does not know', () => {
    expect(sut.verify(signWithOurKey(header(), validClaims())).roles).toEqual([]);
    const claims = { ...validClaims(), roles: ['root', 'admin', 7, 'editor'] };
    expect(sut.verify(signWithOurKey(header(), claims)).roles).toEqual(['admin', 'editor']);
  });

  it('refuses a token after exp and accepts it within the 5 s tolerance', () => {
    const { token } = sut.issue(user);
    clock.current = new Date(NOW.getTime() + 604_000);
    expect(() => sut.verify(token)).not.toThrow();
    clock.current = new Date(NOW.getTime() + 606_000);
    expect(() => sut.verify(token)).toThrow('invalid or expired');
  });

  it.each([
    [
      'alg none',
      () => `${b64({ alg: 'none', typ: 'at+jwt', kid: keys.current.kid })}.${b64(validClaims())}.`,
    ],
    [
      'HS256 keyed with our public key',
      () => {
        const hmacHeader = { alg: 'HS256', typ: 'at+jwt', kid: keys.current.kid };
        const input = `${b64(hmacHeader)}.${b64(validClaims())}`;
        const secret = keys.current.publicKey.export({ format: 'pem', type: 'spki' });
        return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
      },
    ],
    ['an unknown kid', () => signWithOurKey({ ...header(), kid: 'other' }, validClaims())],
    [
      'a kid that tries a path',
      () => signWithOurKey({ ...header(), kid: '../../dev/null' }, validClaims()),
    ],
    [
      'no typ (e.g. an ID token)',
      () => signWithOurKey({ alg: 'ES256', kid: keys.current.kid }, validClaims()),
    ],
    ['a crit header', () => signWithOurKey({ ...header(), crit: ['exp'] }, validClaims())],
    ['no exp', () => signWithOurKey(header(), { ...validClaims(), exp: undefined })],
    [
      'a future nbf',
      () =>
        signWithOurKey(header(), { ...validClaims(), nbf: Math.floor(NOW.getTime() / 1000) + 600 }),
    ],
    [
      'another issuer',
      () => signWithOurKey(header(), { ...validClaims(), iss: 'https://evil.test' }),
    ],
    [
      'another audience',
      () => signWithOurKey(header(), { ...validClaims(), aud: 'https://other.test' }),
    ],
    [
      'an edited payload',
      () => {
        const [h, , s] = sut.issue(user).token.split('.');
        return `${h}.${b64({ ...validClaims(), groups: ['Admins', 'Root'] })}.${s}`;
      },
    ],
    [
      'another key with our kid',
      () => {
        const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
        const input = `${b64(header())}.${b64(validClaims())}`;
        return `${input}.${es256Signature(input, other)}`;
      },
    ],
    ['an opaque refresh token', () => 'dGhpcyBpcyBub3QgYSBqd3Q'],
  ])('refuses %s', (_case, makeToken) => {
    expect(() => sut.verify(makeToken())).toThrow('invalid or expired');
  });

  it('ignores jku, x5u and embedded jwk headers: only our keys verify', () => {
    const attacker = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const hostileHeader = {
      ...header(),
      jku: 'http://127.0.0.1:1/jwks',
      jwk: attacker.publicKey.export({ format: 'jwk' }),
    };
    const input = `${b64(hostileHeader)}.${b64(validClaims())}`;
    const forged = `${input}.${es256Signature(input, attacker.privateKey)}`;
    expect(() => sut.verify(forged)).toThrow('invalid or expired');
    // The same headers on a token we did sign change nothing: they are never followed.
    expect(sut.verify(signWithOurKey(hostileHeader, validClaims())).sub).toBe('user-1');
  });
});
