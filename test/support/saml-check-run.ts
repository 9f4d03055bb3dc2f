import { SamlConfig } from '@app/config';
import { runSamlCheck } from '../../scripts/saml-check/run-saml-check';

export interface SamlCheckRun {
  code: number;
  out: string;
  err: string;
}

/** `npm run saml:check` in-process, with its files, environment and output in memory. */
export async function samlCheck(
  argv: string[],
  env: Record<string, string>,
  files: Record<string, string> = {},
): Promise<SamlCheckRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runSamlCheck(argv, {
    env,
    readInput: (file) => {
      if (!(file in files)) {
        throw new Error(`ENOENT: no such file ${file}`);
      }
      return files[file];
    },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The variables an administrator would set to get these settings. */
export function samlEnvironment(saml: SamlConfig): Record<string, string> {
  return {
    SAML_IDP_SSO_URL: saml.idpSsoUrl,
    SAML_IDP_ISSUER: saml.idpIssuer,
    SAML_IDP_CERT: saml.idpCertificates.join(''),
    SAML_SP_ENTITY_ID: saml.spEntityId,
    SAML_SP_ACS_URL: saml.spAcsUrl,
    SAML_WANT_RESPONSE_SIGNED: String(saml.wantResponseSigned),
    SAML_WANT_ASSERTION_SIGNED: String(saml.wantAssertionSigned),
    SAML_ALLOW_SHA1: String(saml.allowSha1Signatures),
    SAML_CLOCK_SKEW_SECONDS: String(saml.clockSkewMs / 1000),
    SAML_ATTRIBUTE_EMAIL: saml.attributes.email.join(','),
    SAML_ATTRIBUTE_FIRST_NAME: saml.attributes.firstName.join(','),
    SAML_ATTRIBUTE_LAST_NAME: saml.attributes.lastName.join(','),
    SAML_ATTRIBUTE_GROUPS: saml.attributes.groups.join(','),
    ...(saml.groupsSeparator === null ? {} : { SAML_GROUPS_SEPARATOR: saml.groupsSeparator }),
  };
}

/** The line that starts a failed check in the report. */
export function failedCheck(name: string): RegExp {
  return new RegExp(`^ {2}FAILED {2}${name} `, 'm');
}
