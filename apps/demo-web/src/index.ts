export { startDemoWeb } from './demo-web-server';
export type { DemoWeb, DemoWebOptions } from './demo-web-server';
export { loadDemoWebConfig } from './demo-web-config';
export type { DemoWebConfig } from './demo-web-config';
