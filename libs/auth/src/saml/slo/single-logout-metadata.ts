import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, IdpSettingsSource, samlConfigWith } from '@app/config';

const HTTP_REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const HTTP_POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

/**
 * Adds our SingleLogoutService to the SP metadata node-saml writes, when single logout is on:
 * one per binding we accept, HTTP-Redirect and HTTP-POST (node-saml would publish HTTP-POST
 * alone).
 */
@Injectable()
export class SingleLogoutMetadata {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly idpSettings: IdpSettingsSource,
  ) {}

  publish(metadataXml: string): string {
    const saml = samlConfigWith(this.config.saml, this.idpSettings.current());
    if (saml.idpSloUrl === null) {
      return metadataXml;
    }
    // SSODescriptorType (metadata §2.4.2): SingleLogoutService comes before NameIDFormat.
    const location = escapeAttribute(saml.spSloUrl);
    const service = [HTTP_REDIRECT, HTTP_POST]
      .map((binding) => `<SingleLogoutService Binding="${binding}" Location="${location}"/>`)
      .join('');
    const at = metadataXml.search(/<NameIDFormat\b|<AssertionConsumerService\b/);
    return at < 0 ? metadataXml : metadataXml.slice(0, at) + service + metadataXml.slice(at);
  }
}

function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/>/g, '&gt;');
}
