import { loadDemoWebConfig, normalizeApiUrl } from './demo-web-config';

describe(loadDemoWebConfig.name, () => {
  it('defaults to loopback, port 5173 and the API on localhost:3000', () => {
    expect(loadDemoWebConfig({})).toEqual({
      host: '127.0.0.1',
      port: 5173,
      apiUrl: 'http://localhost:3000',
    });
  });

  it('reads every variable', () => {
    const config = loadDemoWebConfig({
      DEMO_WEB_HOST: '::1',
      DEMO_WEB_PORT: '0',
      DEMO_API_URL: 'https://api.test/base/',
    });

    expect(config).toEqual({ host: '::1', port: 0, apiUrl: 'https://api.test/base' });
  });

  it('names every bad value in one message', () => {
    const load = (): unknown => loadDemoWebConfig({ DEMO_WEB_PORT: 'web', DEMO_API_URL: 'nope' });

    expect(load).toThrow(/DEMO_WEB_PORT.*"web".*DEMO_API_URL.*"nope"/);
  });
});

describe(normalizeApiUrl.name, () => {
  it.each(['ftp://api.test', 'http://api.test/?x=1', 'http://user:pw@api.test'])(
    'refuses %s',
    (value) => {
      expect(() => normalizeApiUrl(value)).toThrow(/DEMO_API_URL/);
    },
  );
});
