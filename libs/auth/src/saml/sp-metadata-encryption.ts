import { DOMParser, Element, XMLSerializer } from '@xmldom/xmldom';
import { SamlConfig } from '@app/config';
import { CBC_ALGORITHMS, GCM_ALGORITHMS, KEY_TRANSPORT_ALGORITHMS } from './encryption-policy';

const METADATA_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';

/** What `checkAssertionEncryption` accepts with this configuration, preferred first. */
export function acceptedEncryptionMethods(saml: SamlConfig): string[] {
  const content = saml.wantResponseSigned ? [...GCM_ALGORITHMS, ...CBC_ALGORITHMS] : GCM_ALGORITHMS;
  return [...content, ...KEY_TRANSPORT_ALGORITHMS];
}

/**
 * node-saml publishes the encryption certificate with the content algorithms its decrypter
 * knows. The KeyDescriptor's EncryptionMethod list (SAML metadata §2.4.1.1) should say what we
 * accept instead: AES-CBC only when Responses must be signed, and the key transport too.
 */
export function withAcceptedEncryptionMethods(metadataXml: string, saml: SamlConfig): string {
  const doc = new DOMParser().parseFromString(metadataXml, 'text/xml');
  const descriptor = Array.from(doc.getElementsByTagNameNS(METADATA_NS, 'KeyDescriptor')).find(
    (element) => element.getAttribute('use') === 'encryption',
  );
  if (!descriptor) {
    return metadataXml;
  }
  Array.from(descriptor.childNodes)
    .filter((node) => node.nodeType === 1 && (node as Element).localName === 'EncryptionMethod')
    .forEach((node) => descriptor.removeChild(node));
  for (const algorithm of acceptedEncryptionMethods(saml)) {
    const method = doc.createElementNS(METADATA_NS, 'EncryptionMethod');
    method.setAttribute('Algorithm', algorithm);
    descriptor.appendChild(method);
  }
  return new XMLSerializer().serializeToString(doc);
}
