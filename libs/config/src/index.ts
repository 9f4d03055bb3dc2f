export * from './app-config';
export * from './app-config.module';
export * from './certificates';
export * from './environment-variables';
export * from './validate-environment';
export * from './trust-proxy';
export * from './idp-metadata';
