import { createPrivateKey, KeyObject, X509Certificate } from 'node:crypto';
import { splitCertificates } from './certificates';

/** What `spDecryptionProblems` reads; the validated environment has these fields. */
export interface SpDecryptionVariables {
  SAML_SP_DECRYPTION_KEY?: string;
  SAML_SP_DECRYPTION_CERT?: string;
  SAML_REQUIRE_ENCRYPTED_ASSERTIONS?: boolean;
}

/** Environment values may carry `\n` escapes, as in a one-line `.env` entry. */
export function unescapePem(value: string): string {
  return value.replace(/\\n/g, '\n');
}

/**
 * The decryption key comes with its certificate, both readable and of one key pair: the IdP
 * encrypts to the published certificate, so a mismatch would fail every sign-in. Only RSA keys
 * work, since XML Encryption key transport (RSA-OAEP) is all the decrypting library offers.
 */
export function spDecryptionProblems(env: SpDecryptionVariables): string[] {
  const key = env.SAML_SP_DECRYPTION_KEY;
  const cert = env.SAML_SP_DECRYPTION_CERT;
  if (key === undefined && cert === undefined) {
    return env.SAML_REQUIRE_ENCRYPTED_ASSERTIONS === true
      ? [
          'SAML_REQUIRE_ENCRYPTED_ASSERTIONS: true needs SAML_SP_DECRYPTION_KEY and ' +
            'SAML_SP_DECRYPTION_CERT',
        ]
      : [];
  }
  if (key === undefined || cert === undefined) {
    return [
      'SAML_SP_DECRYPTION_KEY and SAML_SP_DECRYPTION_CERT: set both to decrypt assertions, ' +
        'or neither',
    ];
  }
  const privateKey = readPrivateKey(key);
  const certificate = readCertificate(cert);
  const problems = [
    ...(privateKey ? [] : ['SAML_SP_DECRYPTION_KEY: not a readable PEM private key']),
    ...(certificate ? [] : ['SAML_SP_DECRYPTION_CERT: not one valid X.509 certificate']),
  ];
  if (privateKey && privateKey.asymmetricKeyType !== 'rsa') {
    problems.push(
      `SAML_SP_DECRYPTION_KEY: a ${privateKey.asymmetricKeyType} key; XML Encryption key ` +
        'transport needs an RSA key',
    );
  }
  if (privateKey && certificate && !certificate.checkPrivateKey(privateKey)) {
    problems.push('SAML_SP_DECRYPTION_CERT: does not match SAML_SP_DECRYPTION_KEY');
  }
  return problems;
}

function readPrivateKey(pem: string): KeyObject | null {
  try {
    return createPrivateKey(unescapePem(pem));
  } catch {
    return null;
  }
}

/** The one certificate of the setting, PEM or bare base64 as for the other certificates. */
export function decryptionCertificatePem(value: string): string | null {
  const pems = splitCertificates(unescapePem(value));
  return pems.length === 1 ? pems[0] : null;
}

function readCertificate(value: string): X509Certificate | null {
  const pem = decryptionCertificatePem(value);
  try {
    return pem ? new X509Certificate(pem) : null;
  } catch {
    return null;
  }
}
