import { Clock } from '../common/clock';
import { AccessTokenClaims } from './access-token-claims';
import { CLOCK_TOLERANCE_SECONDS } from './access-token.service';
import { VERIFIED_TOKEN_CACHE_SIZE, VerifiedTokenCache } from './verified-token.cache';

class PinnedClock extends Clock {
  constructor(public seconds: number) {
    super();
  }

  now(): Date {
    return new Date(this.seconds * 1000);
  }
}

const ISSUED_AT = 1_800_000_000;

function claimsFor(sub: string, ttlSeconds = 900): AccessTokenClaims {
  return {
    iss: 'http://127.0.0.1:3000',
    aud: 'http://127.0.0.1:3000',
    sub,
    exp: ISSUED_AT + ttlSeconds,
    iat: ISSUED_AT,
    jti: `jti-${sub}`,
    email: `${sub}@example.com`,
    name: null,
    groups: ['Everyone'],
    roles: [],
  };
}

describe(VerifiedTokenCache.name, () => {
  let clock: PinnedClock;
  let sut: VerifiedTokenCache;

  beforeEach(() => {
    clock = new PinnedClock(ISSUED_AT);
    sut = new VerifiedTokenCache(clock);
  });

  it('knows nothing it was not told', () => {
    expect(sut.get('header.payload.signature')).toBeUndefined();
  });

  it('answers the claims of a remembered token, by its exact text only', () => {
    sut.remember('a.b.c', claimsFor('user-1'));

    expect(sut.get('a.b.c')).toEqual(claimsFor('user-1'));
    expect(sut.get('a.b.c ')).toBeUndefined();
    expect(sut.get('a.b.C')).toBeUndefined();
  });

  it('forgets a token at the second the verifier would call it expired', () => {
    sut.remember('a.b.c', claimsFor('user-1', 60));

    clock.seconds = ISSUED_AT + 60 + CLOCK_TOLERANCE_SECONDS - 1;
    expect(sut.get('a.b.c')?.sub).toBe('user-1');
    clock.seconds += 1;
    expect(sut.get('a.b.c')).toBeUndefined();
    expect(sut.size).toBe(0);
  });

  it('gives each request its own copy, so no handler can change what the next one sees', () => {
    sut.remember('a.b.c', claimsFor('user-1')).groups.push('Admins');
    const first = sut.get('a.b.c');
    first?.groups.push('Admins');
    first?.roles.push('admin');

    expect(sut.get('a.b.c')).toEqual(claimsFor('user-1'));
  });

  it('stays within its size, dropping the oldest token first', () => {
    for (let i = 0; i <= VERIFIED_TOKEN_CACHE_SIZE; i++) {
      sut.remember(`token.${i}.sig`, claimsFor(`user-${i}`));
    }

    expect(sut.size).toBe(VERIFIED_TOKEN_CACHE_SIZE);
    expect(sut.get('token.0.sig')).toBeUndefined();
    expect(sut.get('token.1.sig')?.sub).toBe('user-1');
    expect(sut.get(`token.${VERIFIED_TOKEN_CACHE_SIZE}.sig`)?.sub).toBe(
      `user-${VERIFIED_TOKEN_CACHE_SIZE}`,
    );
  });
});
