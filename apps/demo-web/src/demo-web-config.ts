export interface DemoWebConfig {
  host: string;
  port: number;
  apiUrl: string;
}

const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_PORT = 5173;
const DEFAULT_API_URL = 'http://localhost:3000';

/**
 * Returns the API base URL without a trailing slash, so the page can append paths to it, or
 * throws when it is not an absolute http(s) URL. Query and fragment are refused because the
 * page builds every request URL by appending a path.
 */
export function normalizeApiUrl(value: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new Error(`DEMO_API_URL must be an absolute http(s) URL, got "${value}"`);
  }

  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`DEMO_API_URL must use http or https, got "${parsed.protocol}"`);
  }
  if (parsed.search || parsed.hash || parsed.username || parsed.password) {
    throw new Error('DEMO_API_URL must not carry credentials, a query or a fragment');
  }

  return parsed.href.replace(/\/+$/, '');
}

/** Reads the demo's settings from the environment and names every bad value in one message. */
export function loadDemoWebConfig(env: NodeJS.ProcessEnv = process.env): DemoWebConfig {
  const problems: string[] = [];

  const host = env.DEMO_WEB_HOST?.trim() || DEFAULT_HOST;
  const port = parsePort(env.DEMO_WEB_PORT, problems);

  let apiUrl = DEFAULT_API_URL;
  try {
    apiUrl = normalizeApiUrl(env.DEMO_API_URL?.trim() || DEFAULT_API_URL);
  } catch (error) {
    problems.push((error as Error).message);
  }

  if (problems.length > 0) {
    throw new Error(`Invalid demo-web configuration: ${problems.join('; ')}`);
  }
  return { host, port, apiUrl };
}

function parsePort(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw.trim() === '') {
    return DEFAULT_PORT;
  }

  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`DEMO_WEB_PORT must be an integer from 0 to 65535, got "${raw}"`);
    return DEFAULT_PORT;
  }
  return port;
}
