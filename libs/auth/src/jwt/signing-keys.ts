import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  JsonWebKey,
  KeyObject,
} from 'node:crypto';
import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig, JwtAlgorithm } from '@app/config';

export interface SigningKey {
  kid: string;
  algorithm: JwtAlgorithm;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: JsonWebKey;
}

/**
 * The access-token signing key, parsed once into `KeyObject`s at start so that signing and
 * verifying never parse key material per request. Production takes JWT_PRIVATE_KEY; development
 * generates a key once under DATA_DIR and reuses it, so restarts do not sign everyone out; tests
 * use a key that lives only in memory.
 */
@Injectable()
export class SigningKeys {
  private readonly logger = new Logger(SigningKeys.name);
  readonly current: SigningKey;
  private readonly byKid: Map<string, SigningKey>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.current = this.load(config);
    this.byKid = new Map([[this.current.kid, this.current]]);
  }

  find(kid: string): SigningKey | undefined {
    return this.byKid.get(kid);
  }

  /** The public half of every key that may have signed a live token (RFC 7517 key set). */
  jwks(): { keys: JsonWebKey[] } {
    return {
      keys: [...this.byKid.values()].map((key) => ({
        ...key.publicJwk,
        kid: key.kid,
        alg: key.algorithm,
        use: 'sig',
      })),
    };
  }

  private load(config: AppConfig): SigningKey {
    const { algorithm } = config.jwt;
    const privateKey = config.jwt.privateKeyPem
      ? createPrivateKey(config.jwt.privateKeyPem)
      : this.developmentKey(config, algorithm);
    const publicKey = createPublicKey(privateKey);
    const publicJwk = publicKey.export({ format: 'jwk' });
    const kid = config.jwt.keyId ?? jwkThumbprint(publicJwk);
    return { kid, algorithm, privateKey, publicKey, publicJwk };
  }

  private developmentKey(config: AppConfig, algorithm: JwtAlgorithm): KeyObject {
    if (config.env === 'test') {
      return generateSigningKey(algorithm);
    }
    const file = join(config.dataDir, 'jwt', `signing-key-${algorithm.toLowerCase()}.pem`);
    if (existsSync(file)) {
      return createPrivateKey(readFileSync(file, 'utf8'));
    }
    const key = generateSigningKey(algorithm);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, key.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    this.logger.log({ event: 'jwt_dev_key_generated', file });
    return key;
  }
}

export function generateSigningKey(algorithm: JwtAlgorithm): KeyObject {
  return algorithm === 'ES256'
    ? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
    : generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

/** RFC 7638 thumbprint: a stable `kid` derived from the public key itself. */
function jwkThumbprint(jwk: JsonWebKey): string {
  const members =
    jwk.kty === 'EC'
      ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
      : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}
