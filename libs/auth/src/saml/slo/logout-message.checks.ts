import { SamlConfig } from '@app/config';
import { SloRejection } from './slo-rejection';

/** How long a LogoutRequest without NotOnOrAfter stays acceptable after its IssueInstant. */
export const DEFAULT_MESSAGE_LIFETIME_MS = 5 * 60 * 1000;

/**
 * The checks every logout message gets once its signature verifies: it comes from the
 * configured IdP (SAML core §3.2.2, Issuer) and was sent to this endpoint (bindings §3.4.5.2:
 * a signed message MUST carry a Destination, which must be where it arrived).
 */
export function checkOriginAndDestination(
  message: { issuer: string | null; destination: string | null },
  saml: SamlConfig,
): void {
  if (message.issuer !== saml.idpIssuer) {
    throw new SloRejection('issuer_mismatch', 'the Issuer is not the configured IdP');
  }
  if (message.destination !== saml.spSloUrl) {
    throw new SloRejection('destination_mismatch', 'the Destination is not this SLO endpoint');
  }
}

/**
 * Until when a message may be acted on: its NotOnOrAfter, or a few minutes after it was issued
 * when it has none. Both sides get the configured clock skew.
 */
export function checkTimely(
  message: { issueInstant: Date; notOnOrAfter?: Date | null },
  now: Date,
  skewMs: number,
): Date {
  if (message.issueInstant.getTime() - skewMs > now.getTime()) {
    throw new SloRejection('time_window', 'the message was issued in the future');
  }
  const expiresAt =
    message.notOnOrAfter ?? new Date(message.issueInstant.getTime() + DEFAULT_MESSAGE_LIFETIME_MS);
  if (now.getTime() - skewMs >= expiresAt.getTime()) {
    throw new SloRejection('time_window', 'the message has expired');
  }
  return expiresAt;
}
