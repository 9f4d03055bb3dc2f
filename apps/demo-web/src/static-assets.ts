import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface StaticAsset {
  contentType: string;
  body: Buffer;
}

/** The public files by URL path. Nothing outside this list is ever read from disk. */
const PUBLIC_FILES: Record<string, { file: string; contentType: string }> = {
  '/index.html': { file: 'index.html', contentType: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', contentType: 'text/javascript; charset=utf-8' },
  '/styles.css': { file: 'styles.css', contentType: 'text/css; charset=utf-8' },
};

const PUBLIC_DIR_FROM_ROOT = join('apps', 'demo-web', 'public');

/**
 * Finds `apps/demo-web/public` by walking up from `startDir`. The same code runs from
 * `apps/demo-web/src` under ts-jest and from `dist/apps/demo-web/src` once compiled, and the
 * compiler does not copy the public files into `dist`, so a fixed relative path would not do.
 */
export function findPublicDir(startDir: string = __dirname): string {
  let dir = startDir;

  for (;;) {
    const candidate = join(dir, PUBLIC_DIR_FROM_ROOT);
    if (existsSync(join(candidate, 'index.html'))) {
      return candidate;
    }

    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`Cannot find ${PUBLIC_DIR_FROM_ROOT} above ${startDir}`);
    }
    dir = parent;
  }
}

/**
 * Reads every public file once at start: the set is tiny, a missing file fails the start
 * rather than a request, and serving from memory leaves no path for traversal.
 */
export async function loadStaticAssets(
  publicDir: string = findPublicDir(),
): Promise<Map<string, StaticAsset>> {
  const entries = Object.entries(PUBLIC_FILES);
  const bodies = await Promise.all(entries.map(([, spec]) => readFile(join(publicDir, spec.file))));

  return new Map(
    entries.map(([urlPath, spec], index) => [
      urlPath,
      { contentType: spec.contentType, body: bodies[index] },
    ]),
  );
}
