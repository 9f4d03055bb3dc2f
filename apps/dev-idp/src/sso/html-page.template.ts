import { randomBytes } from 'node:crypto';
import { Response } from 'express';
import { escapeXml as h } from '../saml/xml-escape.util';

export interface HtmlPage {
  title: string;
  body: string;
  script?: string;
}

const STYLE = `
  body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
  .banner { background: #fff4e5; border: 1px solid #f0b429; padding: .5rem .75rem; }
  ul { list-style: none; padding: 0; }
  li { margin: .5rem 0; }
  label { display: block; margin: .5rem 0; }
  input { width: 100%; box-sizing: border-box; padding: .3rem; }
  button { padding: .4rem .8rem; cursor: pointer; }
  .muted { color: #555; font-size: .9rem; }
`;

/** Writes the headers every page of this app needs; the nonce admits only our own inline code. */
export function prepareHtmlResponse(res: Response, options: { formAction?: string } = {}): string {
  const nonce = randomBytes(16).toString('base64');
  const formAction = options.formAction ? `; form-action ${options.formAction}` : '';

  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader(
    'Content-Security-Policy',
    `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; ` +
      `base-uri 'none'; frame-ancestors 'none'${formAction}`,
  );
  return nonce;
}

/** A whole document around `page.body`, which the caller has already escaped. */
export function renderHtmlPage(page: HtmlPage, nonce: string): string {
  const script = page.script ? `<script nonce="${nonce}">${page.script}</script>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(page.title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<p class="banner">Development identity provider: anyone can sign in as anyone here.
Never use it in production.</p>
${page.body}
${script}
</body>
</html>
`;
}

export function hiddenInput(name: string, value: string | undefined): string {
  return value === undefined ? '' : `<input type="hidden" name="${h(name)}" value="${h(value)}">`;
}
