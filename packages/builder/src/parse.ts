/**
 * Dockerfile text → instructions, with dockerfile-ast (the VS Code Docker
 * extension's parser) doing the lexing: parser directives, line
 * continuations, comments, flags and heredocs.
 *
 *   RUN --network=none echo hi \        keyword 'RUN'
 *       && echo there                   flags { network: 'none' }
 *                                       args 'echo hi       && echo there'
 *                                       original 'RUN --network=none echo hi       && echo there'
 */
import { DockerfileParser, type Instruction as AstInstruction } from 'dockerfile-ast';
import { InvalidArgumentError } from '@quai/common';

export interface Heredoc {
  name: string;
  content: string;
}

export interface Instruction {
  /** Upper case: RUN, COPY ... */
  keyword: string;
  /** The arguments after the flags, continuations joined; for heredocs, the first line only. */
  args: string;
  flags: Record<string, string>;
  heredocs: Heredoc[];
  /** As Docker echoes it in `Step N/M : ...`. */
  original: string;
  /** 1-based line of the instruction. */
  line: number;
}

export interface ParsedDockerfile {
  escape: string;
  instructions: Instruction[];
}

/** A Dockerfile that cannot be read: a 400, as dockerd's parse errors. */
export class DockerfileSyntaxError extends InvalidArgumentError {}

export function parseDockerfile(text: string): ParsedDockerfile {
  const df = DockerfileParser.parse(text);
  const escape = df.getEscapeCharacter();
  const lines = text.split(/\r?\n/);
  const instructions = df.getInstructions().map((ins) => toInstruction(ins, lines, escape));
  if (instructions.length === 0) throw new DockerfileSyntaxError('file with no instructions');
  return { escape, instructions };
}

function toInstruction(ins: AstInstruction, lines: string[], escape: string): Instruction {
  const keyword = ins.getKeyword().toUpperCase();
  const range = ins.getRange();
  const heredocs = headerHeredocs(ins, lines);
  // Lines of the instruction, without the heredoc bodies.
  let firstLine = range.end.line;
  for (const h of heredocs) firstLine = Math.min(firstLine, h.startLine);
  const textLines = lines.slice(range.start.line, (heredocs.length ? firstLine : range.end.line) + 1);
  textLines[0] = textLines[0]!.slice(range.start.character);
  const joined = joinContinuations(textLines, escape);
  const afterKeyword = joined.replace(/^\s*\S+\s*/, '');
  const flags: Record<string, string> = {};
  let args = afterKeyword;
  // Flags only lead the arguments: `COPY --from=a --chown=1:1 src dst`.
  if (keyword !== 'ONBUILD') {
    for (let m = /^--([A-Za-z-]+)(?:=(\S*))?\s*/.exec(args); m; m = /^--([A-Za-z-]+)(?:=(\S*))?\s*/.exec(args)) {
      if (keyword === 'HEALTHCHECK' || keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD' || keyword === 'FROM') {
        flags[m[1]!] = m[2] ?? 'true';
        args = args.slice(m[0].length);
      } else break;
    }
  }
  if (keyword === 'HEALTHCHECK') args = afterKeyword; // HEALTHCHECK parses its own flags
  return {
    keyword,
    args: args.trim(),
    flags: keyword === 'HEALTHCHECK' ? {} : flags,
    heredocs: heredocs.map(({ name, content }) => ({ name, content })),
    original: `${keyword} ${afterKeyword.trim()}`.trim(),
    line: range.start.line + 1,
  };
}

/** `a \` + newline + `b` → `a b`, with comment lines inside a continuation dropped. */
function joinContinuations(textLines: string[], escape: string): string {
  let out = '';
  for (const raw of textLines) {
    const line = raw.replace(/\r$/, '');
    if (out && /^\s*#/.test(line)) continue;
    if (line.trimEnd().endsWith(escape)) out += line.trimEnd().slice(0, -1);
    else { out += line; break; }
  }
  return out;
}

interface HeredocSpan extends Heredoc { startLine: number }

function headerHeredocs(ins: AstInstruction, lines: string[]): HeredocSpan[] {
  const getter = (ins as unknown as { getHeredocs?: () => Array<{ getName(): string; getStartRange(): { start: { line: number } }; getContentRange(): { start: { line: number }; end: { line: number; character: number } } | null }> }).getHeredocs;
  if (!getter) return [];
  return getter.call(ins).map((h) => {
    const c = h.getContentRange();
    let content = '';
    if (c) {
      const body = lines.slice(c.start.line, c.end.line + 1);
      body[body.length - 1] = body[body.length - 1]!.slice(0, c.end.character);
      content = body.join('\n') + '\n';
    }
    return { name: h.getName(), content, startLine: h.getStartRange().start.line };
  });
}
