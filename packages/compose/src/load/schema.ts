/**
 * Validation against the Compose Specification's JSON schema (the copy that
 * the `dclint` package keeps in step with compose-spec), with errors that name
 * the file, the line and the key:
 *
 *   compose.yaml:7:5: services.web: additional property 'comand' is not allowed (did you mean 'command'?)
 *
 * Compiling the schema takes ~250 ms, more than a whole `compose ps` may: the
 * compiled validator is kept as code in the user's cache directory
 * (~/.cache/quai, keyed by the schema's and ajv's versions) and reused.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ComposeFileError } from './errors.js';
import type { PathSegment, YamlSource } from './yaml-source.js';

const require = createRequire(import.meta.url);

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  parentSchema?: { properties?: Record<string, unknown> };
}
type Validate = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

let validator: Validate | undefined;

function schemaText(): string {
  return readFileSync(join(dirname(require.resolve('dclint/package.json')), 'schemas/compose.schema.json'), 'utf8');
}

function cacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'quai');
}

function compile(): Validate {
  const text = schemaText();
  const ajvVersion = (require('ajv/package.json') as { version: string }).version;
  const cacheFile = join(cacheDir(), `compose-schema-${createHash('sha256').update(text).update(ajvVersion).digest('hex').slice(0, 16)}.cjs`);
  const load = (code: string): Validate => {
    const module = { exports: {} as { default?: Validate } };
    new Function('require', 'module', 'exports', code)(require, module, module.exports);
    return (module.exports.default ?? module.exports) as Validate;
  };
  try {
    return load(readFileSync(cacheFile, 'utf8'));
  } catch {
    // not cached yet (or unreadable): compile below
  }
  const schema = JSON.parse(text) as Record<string, unknown>;
  delete schema.$schema; // draft-07 meta-schema: not needed to validate files
  const Ajv = (require('ajv') as { default: new (o: object) => { compile(s: object): Validate } }).default;
  const standalone = (require('ajv/dist/standalone') as { default: (ajv: unknown, v: Validate) => string }).default;
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false, verbose: true, code: { source: true } });
  const validate = ajv.compile(schema);
  try {
    mkdirSync(cacheDir(), { recursive: true, mode: 0o700 });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, standalone(ajv, validate), { mode: 0o600 });
    renameSync(tmp, cacheFile);
  } catch {
    // a read-only home: validate without the cache
  }
  return validate;
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

function pathOf(instancePath: string): PathSegment[] {
  if (!instancePath) return [];
  return instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const PREFERENCE = ['additionalProperties', 'required', 'enum', 'const', 'type', 'pattern', 'format'];

/** The one error a person should see: the deepest, and the most specific kind there. */
function pick(errors: AjvError[]): AjvError {
  const rank = (e: AjvError) => {
    const k = PREFERENCE.indexOf(e.keyword);
    return k < 0 ? PREFERENCE.length : k;
  };
  return [...errors].sort((a, b) => pathOf(b.instancePath).length - pathOf(a.instancePath).length || rank(a) - rank(b))[0]!;
}

function describe(e: AjvError): { path: PathSegment[]; message: string } {
  const path = pathOf(e.instancePath);
  const where = path.length ? path.join('.') : '(root)';
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = String(e.params.additionalProperty);
      const known = Object.keys(e.parentSchema?.properties ?? {});
      const near = known.map((k) => [k, distance(prop, k)] as const).filter(([, d]) => d <= 2).sort((a, b) => a[1] - b[1])[0];
      const hint = near ? ` (did you mean '${near[0]}'?)` : '';
      return { path: [...path, prop], message: `${where}: additional property '${prop}' is not allowed${hint}` };
    }
    case 'required':
      return { path, message: `${where}: '${String(e.params.missingProperty)}' is required` };
    case 'enum':
      return { path, message: `${where} must be one of: ${(e.params.allowedValues as unknown[]).map(String).join(', ')}` };
    case 'type':
      return { path, message: `${where} must be a ${String(e.params.type).replace(/,/g, ' or a ')}` };
    default:
      return { path, message: `${where} ${e.message ?? 'is invalid'}` };
  }
}

/** Throws a ComposeFileError naming the line when `data` (from `source`) breaks the schema. */
export function validateSchema(data: unknown, source: YamlSource): void {
  validator ??= compile();
  if (validator(data)) return;
  const e = pick(validator.errors ?? []);
  const { path, message } = describe(e);
  throw new ComposeFileError(message, source.file, source.where(path));
}
