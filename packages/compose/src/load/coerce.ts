/**
 * The schema lets booleans and numbers be strings (so that `${VAR}` can stand
 * for them); after substitution they must read as what they stand for.
 * "true"/"false" (any case) become booleans and digit strings numbers; any
 * other text is an error naming the key's line, as compose-go's casts are.
 */
import { ComposeFileError } from './errors.js';
import type { PathSegment, YamlSource } from './yaml-source.js';

const BOOLEAN = [
  'services.*.read_only', 'services.*.init', 'services.*.privileged', 'services.*.tty', 'services.*.stdin_open',
  'services.*.healthcheck.disable', 'services.*.depends_on.*.required', 'services.*.depends_on.*.restart',
  'networks.*.internal', 'networks.*.attachable', 'networks.*.enable_ipv6', 'networks.*.external', 'volumes.*.external',
  'secrets.*.external', 'configs.*.external',
];
const INTEGER = ['services.*.scale', 'services.*.pids_limit', 'services.*.deploy.replicas', 'services.*.healthcheck.retries', 'services.*.ports.*.target'];

function visit(node: unknown, pattern: string[], path: PathSegment[], fn: (parent: Record<string, unknown>, key: string, path: PathSegment[]) => void): void {
  if (!node || typeof node !== 'object') return;
  const [head, ...rest] = pattern;
  const entries = head === '*' ? Object.keys(node) : [head!];
  for (const k of entries) {
    if (!(k in (node as object))) continue;
    if (rest.length) visit((node as Record<string, unknown>)[k], rest, [...path, k], fn);
    else fn(node as Record<string, unknown>, k, [...path, k]);
  }
}

export function coerceScalars(data: Record<string, unknown>, source: YamlSource): void {
  for (const p of BOOLEAN) {
    visit(data, p.split('.'), [], (parent, key, path) => {
      const v = parent[key];
      if (typeof v !== 'string') return;
      if (/^(true|false)$/i.test(v)) parent[key] = v.toLowerCase() === 'true';
      else throw new ComposeFileError(`${path.join('.')}: invalid boolean: "${v}"`, source.file, source.where(path));
    });
  }
  for (const p of INTEGER) {
    visit(data, p.split('.'), [], (parent, key, path) => {
      const v = parent[key];
      if (typeof v !== 'string') return;
      if (/^-?\d+$/.test(v.trim())) parent[key] = Number(v);
      else throw new ComposeFileError(`${path.join('.')}: invalid number: "${v}"`, source.file, source.where(path));
    });
  }
}
