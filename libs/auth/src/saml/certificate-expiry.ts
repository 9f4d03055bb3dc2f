const DAY_MS = 24 * 60 * 60 * 1000;

/** What is read of a certificate: the fields `node:crypto`'s X509Certificate exposes. */
export interface CertificateDates {
  subject: string;
  /** As X509Certificate prints it, e.g. "Mar  1 10:35:53 2031 GMT". */
  validTo: string;
}

export interface CertificateExpiryNotice {
  event: 'idp_certificate_expiring' | 'idp_certificate_expired';
  subject: string;
  notAfter: string;
  /** Whole days until notAfter, rounded down; negative once it has passed. */
  daysLeft: number;
}

/**
 * A notice for a certificate that expires within `warningDays` of `now`, or has expired; null
 * for one that does not, or whose date cannot be read (the boot check has parsed it already).
 */
export function certificateExpiryNotice(
  certificate: CertificateDates,
  now: Date,
  warningDays: number,
): CertificateExpiryNotice | null {
  const notAfter = Date.parse(certificate.validTo);
  if (!Number.isFinite(notAfter)) {
    return null;
  }
  const msLeft = notAfter - now.getTime();
  if (msLeft > warningDays * DAY_MS) {
    return null;
  }
  return {
    event: msLeft <= 0 ? 'idp_certificate_expired' : 'idp_certificate_expiring',
    subject: certificate.subject.replace(/\n/g, ', '),
    notAfter: new Date(notAfter).toISOString(),
    daysLeft: Math.floor(msLeft / DAY_MS),
  };
}
