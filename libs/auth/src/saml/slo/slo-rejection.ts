/** Why a single logout message was refused; logged and audited, never shown with the document. */
export type SloRejectionReason =
  | 'malformed'
  | 'doctype_forbidden'
  | 'xml_comment_forbidden'
  | 'signature_missing'
  | 'signature_invalid'
  | 'issuer_mismatch'
  | 'destination_mismatch'
  | 'time_window'
  | 'replayed_request'
  | 'unknown_logout_request'
  | 'missing_identity';

export class SloRejection extends Error {
  constructor(
    readonly reason: SloRejectionReason,
    message: string,
  ) {
    super(message);
    this.name = 'SloRejection';
  }
}
