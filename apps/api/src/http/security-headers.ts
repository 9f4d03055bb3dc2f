import { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

type Middleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * The API answers JSON, redirects and one XML document, none of which loads anything: its
 * policy forbids everything, framing included.
 */
const API_POLICY = {
  defaultSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
};

/**
 * The OpenAPI page is Swagger UI: its scripts and stylesheets come from this origin, it inlines
 * styles and data: images, and "Try it out" calls this origin. Nothing else is allowed.
 */
const DOCS_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
};

/**
 * helmet's headers (HSTS, nosniff, `Referrer-Policy: no-referrer`, ...) on every response, with
 * a Content-Security-Policy fit for an API, and a looser one under the docs path so that the
 * OpenAPI page still renders.
 */
export function securityHeaders(docsPath: string | null): Middleware {
  const forApi = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: API_POLICY },
    xFrameOptions: { action: 'deny' },
  });
  const forDocs = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: DOCS_POLICY },
    xFrameOptions: { action: 'deny' },
  });
  const docsPrefix = docsPath === null ? null : `/${docsPath}`;
  return (req, res, next) => {
    const path = (req.url ?? '').split('?')[0];
    const isDocs =
      docsPrefix !== null && (path === docsPrefix || path.startsWith(`${docsPrefix}/`));
    (isDocs ? forDocs : forApi)(req, res, next);
  };
}
