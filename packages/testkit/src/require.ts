import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

// These throw instead of skipping: a missing prerequisite must show up as a
// failure in CI, never as a suite that silently passed.

export function requireRoot(): void {
  if (process.getuid?.() !== 0) {
    throw new Error('this test needs root (uid 0): run the suite as root');
  }
}

/** Returns the absolute path of an executable, searched on PATH unless absolute. */
export function findBinary(name: string): string | undefined {
  const candidates = isAbsolute(name)
    ? [name]
    : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, name));
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

export function requireBinary(name: string): string {
  const path = findBinary(name);
  if (!path) throw new Error(`this test needs the executable "${name}", which is not installed or not on PATH`);
  return path;
}
