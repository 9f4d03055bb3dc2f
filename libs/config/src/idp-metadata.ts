import { DOMParser, Element } from '@xmldom/xmldom';
import { readFileSync } from 'node:fs';
import { splitCertificates } from './certificates';

const MD_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS_NS = 'http://www.w3.org/2000/09/xmldsig#';
const HTTP_REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

/** What the API needs of an IdP, whether from metadata or from the SAML_IDP_* variables. */
export interface IdpSettings {
  ssoUrl: string;
  issuer: string;
  certificates: string[];
  /** The HTTP-Redirect SingleLogoutService, when the IdP publishes one (metadata §2.4.2). */
  sloUrl?: string | null;
}

export class IdpMetadataError extends Error {}

export function readIdpMetadataFile(path: string): IdpSettings {
  let xml: string;
  try {
    xml = readFileSync(path, 'utf8');
  } catch {
    throw new IdpMetadataError('cannot be read');
  }
  return parseIdpMetadata(xml);
}

/**
 * The entity ID, HTTP-Redirect SingleSignOnService and signing certificates of an IdP's SAML
 * metadata (metadata §2.3.2, §2.4.3). Every signing KeyDescriptor counts (one without `use`
 * serves both uses, §2.4.1.1), so an IdP that publishes its next certificate beside the current
 * one is rotated without a restart of ours.
 */
export function parseIdpMetadata(xml: string): IdpSettings {
  // A DOCTYPE can declare entities that expand without bound; metadata never needs one.
  if (/<!DOCTYPE/i.test(xml)) {
    throw new IdpMetadataError('has a DOCTYPE, which is not allowed');
  }
  const root = parseStrictly(xml);
  const descriptor = root ? firstChild(root, 'IDPSSODescriptor') : undefined;
  if (!root || root.localName !== 'EntityDescriptor' || !descriptor) {
    throw new IdpMetadataError('is not an EntityDescriptor with an IDPSSODescriptor');
  }
  const issuer = root.getAttribute('entityID') ?? '';
  const ssoUrl = elements(descriptor, 'SingleSignOnService', MD_NS)
    .find((service) => service.getAttribute('Binding') === HTTP_REDIRECT)
    ?.getAttribute('Location');
  const certificates = elements(descriptor, 'KeyDescriptor', MD_NS)
    .filter((key) => (key.getAttribute('use') ?? 'signing') === 'signing')
    .flatMap((key) => elements(key, 'X509Certificate', DS_NS))
    .flatMap((cert) => splitCertificates(cert.textContent ?? ''));
  if (!issuer || !ssoUrl || certificates.length === 0) {
    throw new IdpMetadataError(
      'needs an entityID, an HTTP-Redirect SingleSignOnService and a signing certificate',
    );
  }
  const sloUrl = elements(descriptor, 'SingleLogoutService', MD_NS)
    .find((service) => service.getAttribute('Binding') === HTTP_REDIRECT)
    ?.getAttribute('Location');
  return { ssoUrl, issuer, certificates, ...(sloUrl ? { sloUrl } : {}) };
}

function parseStrictly(xml: string): Element | null {
  const stopOnError = (level: string): void => {
    if (level !== 'warning') {
      throw new IdpMetadataError('is not well-formed XML');
    }
  };
  try {
    return new DOMParser({ onError: stopOnError }).parseFromString(xml, 'text/xml').documentElement;
  } catch {
    throw new IdpMetadataError('is not well-formed XML');
  }
}

function firstChild(parent: Element, localName: string): Element | undefined {
  return elements(parent, localName, MD_NS).find((element) => element.parentNode === parent);
}

function elements(parent: Element, localName: string, namespace: string): Element[] {
  return Array.from(parent.getElementsByTagNameNS(namespace, localName));
}
