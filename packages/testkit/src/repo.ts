import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: this file lives in packages/testkit/{src,dist}/. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
