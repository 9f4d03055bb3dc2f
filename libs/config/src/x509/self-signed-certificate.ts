import { KeyObject, randomBytes, sign } from 'node:crypto';
import {
  derBitString,
  derBoolean,
  derExplicit,
  derNull,
  derObjectIdentifier,
  derOctetString,
  derSequence,
  derSet,
  derSmallInteger,
  derTime,
  derUnsignedInteger,
  derUtf8String,
} from './der-writer';

const OID = {
  sha256WithRsaEncryption: '1.2.840.113549.1.1.11',
  commonName: '2.5.4.3',
  organizationName: '2.5.4.10',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
} as const;

export interface SelfSignedCertificateInput {
  privateKey: KeyObject;
  publicKey: KeyObject;
  commonName: string;
  organization: string;
  notBefore: Date;
  notAfter: Date;
}

function distinguishedName(commonName: string, organization: string): Buffer {
  const attribute = (oid: string, value: string): Buffer =>
    derSet(derSequence(derObjectIdentifier(oid), derUtf8String(value)));
  return derSequence(
    attribute(OID.organizationName, organization),
    attribute(OID.commonName, commonName),
  );
}

/**
 * RFC 5280 §4.2.1.9 and §4.2.1.3: an end-entity certificate whose key only signs, which is
 * all a SAML signing certificate is for. Extension values travel DER-encoded inside an
 * OCTET STRING (§4.1).
 */
function extensions(): Buffer {
  const critical = derBoolean(true);
  const basicConstraints = derSequence(
    derObjectIdentifier(OID.basicConstraints),
    critical,
    derOctetString(derSequence()),
  );
  // digitalSignature is bit 0; the other seven bits of the byte are unused.
  const keyUsage = derSequence(
    derObjectIdentifier(OID.keyUsage),
    critical,
    derOctetString(derBitString(Buffer.from([0x80]), 7)),
  );
  return derExplicit(3, derSequence(basicConstraints, keyUsage));
}

/** A positive serial of at most 20 octets, as RFC 5280 §4.1.2.2 requires. */
function randomSerial(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
  return bytes;
}

/** Builds a v3 certificate signed by its own key, with RSA and SHA-256, as PEM. */
export function createSelfSignedCertificate(input: SelfSignedCertificateInput): string {
  const algorithm = derSequence(derObjectIdentifier(OID.sha256WithRsaEncryption), derNull());
  const name = distinguishedName(input.commonName, input.organization);
  const spki = input.publicKey.export({ type: 'spki', format: 'der' });

  const tbsCertificate = derSequence(
    derExplicit(0, derSmallInteger(2)),
    derUnsignedInteger(randomSerial()),
    algorithm,
    name,
    derSequence(derTime(input.notBefore), derTime(input.notAfter)),
    name,
    spki,
    extensions(),
  );
  const signature = sign('sha256', tbsCertificate, input.privateKey);
  const certificate = derSequence(tbsCertificate, algorithm, derBitString(signature));

  const body = certificate.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${body}-----END CERTIFICATE-----\n`;
}
