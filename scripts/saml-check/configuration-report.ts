import { SamlConfig } from '@app/config';
import { certificatesNamedIn, describeCertificate, sameCertificate } from './certificates';
import { CheckConfiguration } from './check-configuration';

/** The settings the checks compare against, as the API would read them. Never a key. */
export function configurationLines(config: CheckConfiguration, samlResponse: string): string[] {
  const { saml } = config;
  const signed = `response ${saml.wantResponseSigned}, assertion ${saml.wantAssertionSigned}`;
  return [
    'Configuration (SAML_* variables from the environment and .env)',
    ...labelled('SAML_IDP_ISSUER', [saml.idpIssuer]),
    ...labelled('SAML_SP_ENTITY_ID', [saml.spEntityId]),
    ...labelled('SAML_SP_ACS_URL', [saml.spAcsUrl]),
    ...labelled('SAML_WANT_*_SIGNED', [signed]),
    ...labelled('SAML_ALLOW_SHA1', [String(saml.allowSha1Signatures)]),
    ...labelled('SAML_SP_DECRYPTION_KEY', [saml.spDecryption ? 'set' : 'not set']),
    ...labelled('SAML_REQUIRE_ENCRYPTED_*', [String(saml.requireEncryptedAssertions)]),
    ...labelled('SAML_CLOCK_SKEW_SECONDS', [String(saml.clockSkewMs / 1000)]),
    ...saml.idpCertificates.flatMap((pem, index) =>
      labelled(`SAML_IDP_CERT #${index + 1}`, describeCertificate(pem)),
    ),
    ...namedCertificateLines(saml, samlResponse),
    ...unrelatedLines(config.unrelatedProblems),
  ];
}

function labelled(label: string, lines: string[]): string[] {
  return lines.map((line, index) => `  ${(index === 0 ? label : '').padEnd(26)} ${line}`);
}

/**
 * Which certificate the IdP says it signed with, and whether SAML_IDP_CERT holds it: the
 * quickest way to tell a stale certificate from a broken signature.
 */
function namedCertificateLines(saml: SamlConfig, samlResponse: string): string[] {
  return certificatesNamedIn(samlResponse).flatMap((pem) => {
    const known = saml.idpCertificates.some((configured) => sameCertificate(configured, pem));
    const verdict = known ? 'is in SAML_IDP_CERT' : 'is NOT in SAML_IDP_CERT';
    return labelled('response names', [...describeCertificate(pem), verdict]);
  });
}

function unrelatedLines(problems: string[]): string[] {
  if (problems.length === 0) {
    return [];
  }
  const heading = 'Other variables: not needed by this check, but the API would not start';
  return ['', heading, ...problems.map((problem) => `  ${problem}`)];
}
