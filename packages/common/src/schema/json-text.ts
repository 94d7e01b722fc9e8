/**
 * Request JSON into a value, refused as dockerd refuses it: Go's syntax
 * errors (`invalid character 'x' looking for beginning of value`,
 * `unexpected EOF`), content after the value, and nesting deeper than any
 * Engine API body needs (Go stops at 10000 levels; we stop far earlier, so
 * no later walk over the value can exhaust the stack).
 */
export const MAX_DEPTH = 64;

export class JsonSyntaxError extends Error {}

export function parseJson(text: string): unknown {
  checkDepth(text);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new JsonSyntaxError(goSyntaxError(text, (err as Error).message));
  }
}

/** Counts brackets outside strings; refuses before JSON.parse builds anything. */
function checkDepth(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_DEPTH) throw new JsonSyntaxError('exceeded max depth');
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
}

/** V8's message for the same fault, in Go's words (encoding/json scanner.go). */
function goSyntaxError(text: string, v8: string): string {
  if (/end of JSON input|Unterminated string/i.test(v8)) return 'unexpected EOF';
  if (/non-whitespace character after JSON/i.test(v8)) return 'unexpected content after JSON';
  const at = /position (\d+)/.exec(v8);
  const token = /Unexpected token '(.)'/u.exec(v8);
  const pos = at ? Number(at[1]) : firstNonSpace(text);
  if (!token && pos >= text.length) return 'unexpected EOF';
  const char = token ? token[1]!.codePointAt(0)! : text.codePointAt(pos)!;
  const context =
    /Expected ':'/i.test(v8) ? 'after object key'
      : /property name/i.test(v8) ? 'looking for beginning of object key string'
        : /Expected ',' or '}'/i.test(v8) ? 'after object key:value pair'
          : /Expected ',' or '\]'/i.test(v8) ? 'after array element'
            : /escaped character/i.test(v8) ? 'in string escape code'
              : /control character/i.test(v8) ? 'in string literal'
                : 'looking for beginning of value';
  return `invalid character ${quoteChar(char)} ${context}`;
}

function firstNonSpace(text: string): number {
  const m = /\S/.exec(text);
  return m ? m.index : text.length;
}

/** Go's quoteChar: 'x', '\'' , '"', or an escape such as '\x00'. */
function quoteChar(code: number): string {
  const c = String.fromCodePoint(code);
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  if (code < 0x20 || code === 0x7f) return `'\\x${code.toString(16).padStart(2, '0')}'`;
  return `'${c}'`;
}
