/**
 * Deeper than any body this API takes (they are flat objects of strings), shallow enough for
 * every recursive walker behind the parser: class-transformer, run by ValidationPipe, recurses
 * once per level and overflows the stack a few thousand levels down.
 */
export const MAX_JSON_NESTING = 32;

const OPENERS = new Set(['{', '[']);
const CLOSERS = new Set(['}', ']']);

/**
 * Whether `text` nests objects and arrays deeper than `limit`. Scans the text once, before it
 * is parsed, skipping brackets inside strings; unbalanced text is left to `JSON.parse`.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') {
        index += 1;
      } else if (char === '"') {
        inString = false;
      }
    } else if (char === '"') {
      inString = true;
    } else if (OPENERS.has(char)) {
      depth += 1;
      if (depth > limit) {
        return true;
      }
    } else if (CLOSERS.has(char)) {
      depth -= 1;
    }
  }
  return false;
}
