import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { DEV_IDP_OPTIONS, DevIdpOptions } from './dev-idp-options';
import { MetadataController } from './metadata/metadata.controller';
import { PlainTextExceptionFilter } from './sso/plain-text-exception.filter';
import { SsoController } from './sso/sso.controller';
import { SsoService } from './sso/sso.service';
import { SloController } from './slo/slo.controller';
import { SloService } from './slo/slo.service';

@Module({})
export class DevIdpModule {
  static forRoot(options: DevIdpOptions): DynamicModule {
    return {
      module: DevIdpModule,
      controllers: [MetadataController, SsoController, SloController],
      providers: [
        { provide: DEV_IDP_OPTIONS, useValue: options },
        { provide: APP_FILTER, useClass: PlainTextExceptionFilter },
        SsoService,
        SloService,
      ],
    };
  }
}
