/**
 * The auth steps the audit trail records. The names match the `event` field of the log lines
 * written for the same steps, so a row and its log line are found by the same word.
 */
export const AUDIT_EVENT_TYPES = [
  'saml_login_started',
  'saml_login_succeeded',
  'saml_login_refused',
  'code_exchanged',
  'code_reuse_detected',
  'token_refreshed',
  'refresh_reuse_detected',
  'logout',
  'logout_all',
  'saml_logout_started',
  'saml_logout_completed',
  'saml_logout_requested',
  'saml_logout_refused',
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/**
 * What a service says about one auth step. Identifiers only: never the SAML document, a code,
 * a token, an email address or a name. The request id and client IP are added by the audit
 * service from the request being served.
 */
export interface AuditEventInput {
  type: AuditEventType;
  userId?: string | null;
  /** The IdP's entity ID; defaults to the configured IdP. */
  idpIssuer?: string;
  /** Why a step was refused (a machine-readable code such as `audience_mismatch`). */
  reason?: string;
  /** The refresh token family, i.e. the session, the step concerns. */
  sessionId?: string | null;
  /** Our AuthnRequest (or LogoutRequest) ID, which links a step's start to its outcome. */
  authnRequestId?: string | null;
}
