/**
 * One Compose file parsed with the positions of its keys and values kept, so
 * later steps (interpolation, schema, references) can name the line:
 *
 *   const src = parseYamlSource('compose.yaml', text);
 *   src.data.services.web.comand     // the value
 *   src.where(['services', 'web', 'comand'])   // { line: 7, col: 5 } (the key)
 *
 * YAML 1.2 (core schema) with `<<` merge keys, as docker compose's go-yaml v3.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { ComposeFileError, type SourcePosition } from './errors.js';

export type PathSegment = string | number;

export interface YamlSource {
  file: string;
  data: Record<string, unknown>;
  /** Where the node at path starts: the key for a mapping entry, the item for a sequence entry. */
  where(path: readonly PathSegment[]): SourcePosition | undefined;
}

const key = (path: readonly PathSegment[]) => path.join('\u0000');

export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, uniqueKeys: true, prettyErrors: false });
  const problem = doc.errors[0];
  if (problem) {
    const at = lineCounter.linePos(problem.pos[0]);
    throw new ComposeFileError(problem.message.split('\n')[0]!, file, { line: at.line, col: at.col });
  }
  const positions = new Map<string, SourcePosition>();
  const mark = (path: PathSegment[], offset: number | undefined) => {
    if (offset === undefined) return;
    const p = lineCounter.linePos(offset);
    positions.set(key(path), { line: p.line, col: p.col });
  };
  const walk = (node: unknown, path: PathSegment[]) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const next = [...path, k];
        mark(next, (pair.key as Node | null)?.range?.[0]);
        walk(pair.value, next);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const next = [...path, i];
        mark(next, (item as Node | null)?.range?.[0]);
        walk(item, next);
      });
    }
  };
  walk(doc.contents, []);
  const data = doc.toJS({ maxAliasCount: 10_000 }) as unknown;
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) {
    throw new ComposeFileError('Top-level object must be a mapping', file, { line: 1, col: 1 });
  }
  return {
    file,
    data: (data ?? {}) as Record<string, unknown>,
    where(path) {
      // The nearest enclosing node that has a position (a merged `<<` key has none of its own).
      for (let n = path.length; n > 0; n--) {
        const p = positions.get(key(path.slice(0, n)));
        if (p) return p;
      }
      return undefined;
    },
  };
}
