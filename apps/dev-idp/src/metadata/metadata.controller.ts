import { Controller, Get, Header, Inject, Logger } from '@nestjs/common';
import { DEV_IDP_OPTIONS, DevIdpOptions } from '../dev-idp-options';
import { buildIdpMetadata } from './idp-metadata.builder';

@Controller('metadata')
export class MetadataController {
  private readonly logger = new Logger(MetadataController.name);
  private readonly metadataXml: string;

  constructor(@Inject(DEV_IDP_OPTIONS) options: DevIdpOptions) {
    this.metadataXml = buildIdpMetadata(options);
  }

  /** The media type registered for SAML metadata documents. */
  @Get()
  @Header('Content-Type', 'application/samlmetadata+xml; charset=utf-8')
  getMetadata(): string {
    this.logger.log('metadata served');
    return this.metadataXml;
  }
}
