import { MAX_JSON_NESTING, nestsDeeperThan } from './json-nesting';

describe('nestsDeeperThan', () => {
  it('counts objects and arrays together', () => {
    expect(nestsDeeperThan('{"a":[{"b":[1]}]}', 4)).toBe(false);
    expect(nestsDeeperThan('{"a":[{"b":[1]}]}', 3)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(JSON.stringify({ a: '[[[[{{{{' }), 1)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ a: 'x\\"[[[[' }), 1)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ a: '\\' }) + '[[', 1)).toBe(true);
  });

  it('lets every flat body through and stops a deep one early', () => {
    const flat = JSON.stringify({ grant_type: 'refresh_token', refresh_token: 'x', all: true });
    expect(nestsDeeperThan(flat, MAX_JSON_NESTING)).toBe(false);
    expect(nestsDeeperThan('['.repeat(MAX_JSON_NESTING + 1), MAX_JSON_NESTING)).toBe(true);
    expect(nestsDeeperThan('['.repeat(MAX_JSON_NESTING), MAX_JSON_NESTING)).toBe(false);
  });
});
