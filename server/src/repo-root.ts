import path from 'node:path';

/**
 * The clone's root, whether the code runs from source (this file is server/src/repo-root.ts: tsx,
 * vitest) or built (dist/server/src/repo-root.js): where dist/, dashboard/ and provider/ are.
 */
const up = path.resolve(import.meta.dirname, '../..');
export const REPO_ROOT = path.basename(up) === 'dist' ? path.dirname(up) : up;
