/**
 * `.env` and `env_file:` files: dotenv's syntax (comments, quotes, `export`,
 * multi-line double quotes), then Compose's substitution in values that were
 * not single-quoted: `${VAR}` may name a key defined above in the same file
 * or a variable of the environment given.
 */
import { readFileSync } from 'node:fs';
import dotenv from 'dotenv';
import { ComposeFileError } from './errors.js';
import { InterpolationError, substitute, type Lookup } from './interpolate.js';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Parse env-file text; `outer` resolves variables the file itself does not define. */
export function parseEnvText(text: string, outer: Lookup, file = '.env'): Record<string, string> {
  const parsed = dotenv.parse(text);
  const out: Record<string, string> = {};
  const lookup: Lookup = (name) => (name in out ? out[name] : outer(name));
  for (const [k, v] of Object.entries(parsed)) {
    const singleQuoted = new RegExp(`^\\s*(?:export\\s+)?${escapeRegExp(k)}\\s*=\\s*'`, 'm').test(text);
    try {
      out[k] = singleQuoted ? v : substitute(v, lookup);
    } catch (err) {
      if (err instanceof InterpolationError) throw new ComposeFileError(`${k}: ${err.message}`, file);
      throw err;
    }
  }
  return out;
}

/** Read an env file; a missing required file is an error naming it. */
export function readEnvFile(path: string, outer: Lookup, required = true): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !required) return {};
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new ComposeFileError(`env file ${path} not found`);
    throw err;
  }
  return parseEnvText(text, outer, path);
}
