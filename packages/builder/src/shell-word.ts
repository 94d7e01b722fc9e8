/**
 * Variable substitution in Dockerfile words, as Docker's shell lexer
 * (moby/buildkit frontend/dockerfile/shell): `$v`, `${v}`, `${v:-w}` (w when
 * v is unset or empty), `${v-w}` (w when unset), `${v:+w}` / `${v+w}`
 * (w when set), `${v:?msg}`. Single quotes are literal, double quotes
 * group and still expand, the escape char (`\` or the `# escape=` one)
 * protects the next character. Quotes are removed from the result.
 */
export type Env = ReadonlyMap<string, string>;

export class SubstitutionError extends Error {}

/** One word: quotes removed, variables expanded (spaces kept). */
export function expandWord(s: string, env: Env, escape = '\\'): string {
  return lex(s, env, escape, false).join('');
}

/** Words split at unquoted whitespace, each expanded. */
export function expandWords(s: string, env: Env, escape = '\\'): string[] {
  return lex(s, env, escape, true);
}

function lex(s: string, env: Env, escape: string, split: boolean): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  const variable = (): string => {
    // at s[i] === '$'
    i++;
    if (s[i] === '{') {
      const end = matchingBrace(s, i);
      const body = s.slice(i + 1, end);
      i = end + 1;
      return braced(body, env, escape);
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i));
    if (!m) return '$';
    i += m[0].length;
    return env.get(m[0]) ?? '';
  };
  while (i < s.length) {
    const c = s[i]!;
    if (c === escape && i + 1 < s.length) {
      cur += s[i + 1]; inWord = true; i += 2;
    } else if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) throw new SubstitutionError(`unexpected end of statement while looking for matching single-quote`);
      cur += s.slice(i + 1, end); inWord = true; i = end + 1;
    } else if (c === '"') {
      i++; inWord = true;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === escape && i + 1 < s.length && ['"', '$', escape].includes(s[i + 1]!)) { cur += s[i + 1]; i += 2; }
        else if (s[i] === '$') cur += variable();
        else cur += s[i++];
      }
      if (i >= s.length) throw new SubstitutionError('unexpected end of statement while looking for matching double-quote');
      i++;
    } else if (c === '$') {
      cur += variable(); inWord = true;
    } else if (split && /\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = ''; inWord = false; i++;
    } else {
      cur += c; inWord = true; i++;
    }
  }
  if (inWord || !split) words.push(cur);
  return words;
}

function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let j = open; j < s.length; j++) {
    if (s[j] === '{') depth++;
    else if (s[j] === '}' && --depth === 0) return j;
  }
  throw new SubstitutionError(`missing '}' in: ${s}`);
}

function braced(body: string, env: Env, escape: string): string {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])([\s\S]*))?$/.exec(body);
  if (!m) throw new SubstitutionError(`bad substitution: \${${body}}`);
  const [, name, op, word = ''] = m as unknown as [string, string, string | undefined, string | undefined];
  const value = env.get(name);
  const set = value !== undefined;
  const nonEmpty = set && value !== '';
  const w = () => expandWord(word, env, escape);
  switch (op) {
    case undefined: return value ?? '';
    case ':-': return nonEmpty ? value! : w();
    case '-': return set ? value! : w();
    case ':+': return nonEmpty ? w() : '';
    case '+': return set ? w() : '';
    case ':?': if (!nonEmpty) throw new SubstitutionError(`${name}: ${word || 'parameter null or not set'}`); return value!;
    default: if (!set) throw new SubstitutionError(`${name}: ${word || 'parameter not set'}`); return value!;
  }
}

/** Words split at unquoted whitespace with quotes kept (ENV/LABEL `k="a b"` before expansion). */
export function rawWords(s: string, escape = '\\'): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === escape && i + 1 < s.length) { cur += c + s[++i]; continue; }
    if (quote) { if (c === quote) quote = ''; cur += c; continue; }
    if (c === '"' || c === "'") { quote = c; cur += c; continue; }
    if (/\s/.test(c)) { if (cur) out.push(cur); cur = ''; continue; }
    cur += c;
  }
  if (cur) out.push(cur);
  return out;
}
