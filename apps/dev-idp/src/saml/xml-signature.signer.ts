import { SignedXml } from 'xml-crypto';
import { DevIdpKeys } from '../keys/dev-idp-keys';
import { XML_DSIG_URI } from './saml-constants';

export type SignatureAlgorithmName = 'rsa-sha256' | 'rsa-sha1';

const ALGORITHMS: Record<SignatureAlgorithmName, { signature: string; digest: string }> = {
  'rsa-sha256': { signature: XML_DSIG_URI.rsaSha256, digest: XML_DSIG_URI.sha256 },
  'rsa-sha1': { signature: XML_DSIG_URI.rsaSha1, digest: XML_DSIG_URI.sha1 },
};

export interface EnvelopedSignatureRequest {
  keys: DevIdpKeys;
  algorithm: SignatureAlgorithmName;
  /** XPath to the one element to sign; it must carry an `ID` attribute. */
  elementXPath: string;
}

/**
 * Signs one element with an enveloped XML Signature, placed right after the element's
 * `Issuer` child as SAML's schema requires (SAML Core §5.4.1 and the `ds:Signature` slot in
 * §2.3.3 and §3.2.2). The reference uses the enveloped-signature transform followed by
 * exclusive canonicalization (§5.4.3 and §5.4.4), and KeyInfo carries the certificate.
 */
export function signEnveloped(xml: string, request: EnvelopedSignatureRequest): string {
  const algorithm = ALGORITHMS[request.algorithm];
  const signer = new SignedXml({
    privateKey: request.keys.privateKeyPem,
    publicCert: request.keys.certPem,
    signatureAlgorithm: algorithm.signature,
    canonicalizationAlgorithm: XML_DSIG_URI.exclusiveC14n,
  });
  signer.addReference({
    xpath: request.elementXPath,
    transforms: [XML_DSIG_URI.envelopedSignature, XML_DSIG_URI.exclusiveC14n],
    digestAlgorithm: algorithm.digest,
  });

  signer.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: `${request.elementXPath}/*[local-name()='Issuer']`, action: 'after' },
  });
  return signer.getSignedXml();
}
