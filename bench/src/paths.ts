import { join, resolve } from 'node:path';

/** This file runs from dist/bench/src; the repository is three levels up. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const DIST_DIR = join(REPO_ROOT, 'dist');
export const API_MAIN = join(DIST_DIR, 'apps', 'api', 'src', 'main.js');
export const LOAD_DIR = resolve(__dirname, '..', 'load');
export const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');
export const PERFORMANCE_DOC = join(REPO_ROOT, 'docs', 'performance.md');
