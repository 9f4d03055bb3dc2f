import { createPrivateKey, randomUUID, sign } from 'node:crypto';

/**
 * `count` distinct access tokens the API accepts: copies of `template` (a token the API issued
 * at sign-in) with a fresh `jti` each, signed here with the API's own key. The API remembers a
 * few thousand verified tokens; a client cycling through more than that in order makes every
 * request a first sight, so each one pays for the full signature check.
 */
export function mintAccessTokens(template: string, privateKeyPem: string, count: number): string[] {
  const [encodedHeader, encodedPayload] = template.split('.');
  const header = JSON.parse(Buffer.from(encodedHeader, 'base64url').toString('utf8')) as {
    alg?: string;
  };
  if (header.alg !== 'RS256') {
    throw new Error(`the bench mints RS256 tokens, the API issued ${String(header.alg)}`);
  }
  const payload = JSON.parse(Buffer.from(encodedPayload, 'base64url').toString('utf8')) as object;
  const key = createPrivateKey(privateKeyPem);
  return Array.from({ length: count }, () => {
    const claims = Buffer.from(JSON.stringify({ ...payload, jti: randomUUID() })).toString(
      'base64url',
    );
    const signingInput = `${encodedHeader}.${claims}`;
    const signature = sign('sha256', Buffer.from(signingInput), key).toString('base64url');
    return `${signingInput}.${signature}`;
  });
}
