import { randomBytes } from 'node:crypto';

/**
 * SAML Core §1.3.4: identifiers must be unguessable (at least 128 bits) and, being xs:ID
 * values, must start with a letter or underscore. The `id` prefix matches Okta's style.
 */
export function randomSamlId(): string {
  return `id${randomBytes(20).toString('hex')}`;
}
