/**
 * Flag parsing with Docker's (pflag's) rules, small enough to load fast:
 *
 *   quai run -dit --name=web -e A=1 -e B=2 busybox sh -c 'echo hi'
 *            └── options ──────────────────┘ └image┘ └─ command ─┘
 *
 * - long flags `--name x`, `--name=x`; bools `--rm`, `--rm=false`
 * - short flags combine (`-dit`) and take values glued or apart (`-m64m`, `-m 64m`, `-e=A`)
 * - list flags repeat (`-e A -e B`)
 * - with `interspersed: false` (run, create, exec) the first positional ends the
 *   options; everything after it belongs to the container's command
 * - `--` ends the options too
 *
 * Own code rather than a library: node:util parseArgs cannot stop at the first
 * positional, and commander costs startup time and shapes help text its own way.
 */
export type FlagType = 'bool' | 'string' | 'list' | 'int';

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  description: string;
  /** Shown in help as the value name (`string`, `list`, `bytes`...). */
  valueName?: string;
  default?: string | number | boolean;
  hidden?: boolean;
}

export interface CommandSpec {
  /** After `Usage:  quai `: e.g. `run [OPTIONS] IMAGE [COMMAND] [ARG...]`. */
  usage: string;
  description: string;
  flags: FlagSpec[];
  aliases?: string[];
  /** false: options stop at the first positional (Docker's SetInterspersed(false)). */
  interspersed?: boolean;
  minArgs?: number;
  maxArgs?: number;
  /** Docker's wording differs for commands that take exactly N arguments. */
  exactArgs?: number;
}

export type FlagValue = string | number | boolean | string[];

export interface Parsed {
  flags: Record<string, FlagValue>;
  args: string[];
  /** Flags given on the command line (even when given their default value). */
  changed: Set<string>;
  help: boolean;
}

/**
 * A command line Docker would refuse. `flag` errors (unknown flag, bad value)
 * exit 125; `args` errors (wrong number of arguments) exit 1 and start with
 * "quai: ". `hint` is Docker's closing verb: "See" or "Run".
 */
export class UsageError extends Error {
  constructor(message: string, readonly kind: 'flag' | 'args' = 'flag', readonly hint: 'See' | 'Run' = 'Run') {
    super(message);
    this.name = 'UsageError';
  }
}

const HELP: FlagSpec = { name: 'help', type: 'bool', description: 'Print usage' };

function initial(spec: FlagSpec): FlagValue {
  if (spec.type === 'list') return [];
  if (spec.default !== undefined) return spec.default;
  if (spec.type === 'bool') return false;
  if (spec.type === 'int') return 0;
  return '';
}

function setValue(out: Parsed, spec: FlagSpec, raw: string, flagText: string): void {
  out.changed.add(spec.name);
  switch (spec.type) {
    case 'bool': {
      if (!['true', 'false', '1', '0', 't', 'f', 'TRUE', 'FALSE', 'True', 'False'].includes(raw)) {
        throw new UsageError(`invalid argument "${raw}" for "${flagText}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`);
      }
      out.flags[spec.name] = ['true', '1', 't', 'TRUE', 'True'].includes(raw);
      return;
    }
    case 'int': {
      if (!/^[+-]?\d+$/.test(raw)) {
        throw new UsageError(`invalid argument "${raw}" for "${flagText}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`);
      }
      out.flags[spec.name] = Number(raw);
      return;
    }
    case 'list':
      (out.flags[spec.name] as string[]).push(raw);
      return;
    default:
      out.flags[spec.name] = raw;
  }
}

export function parseFlags(spec: CommandSpec, argv: string[]): Parsed {
  const flags = [...spec.flags, HELP];
  const byLong = new Map(flags.map((f) => [f.name, f]));
  const byShort = new Map(flags.filter((f) => f.short).map((f) => [f.short!, f]));
  const out: Parsed = { flags: {}, args: [], changed: new Set(), help: false };
  for (const f of flags) out.flags[f.name] = initial(f);

  const interspersed = spec.interspersed !== false;
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const f = byLong.get(name);
      if (!f) throw new UsageError(`unknown flag: --${name}`);
      if (eq >= 0) setValue(out, f, a.slice(eq + 1), `--${name}`);
      else if (f.type === 'bool') setValue(out, f, 'true', `--${name}`);
      else {
        if (i + 1 >= argv.length) throw new UsageError(`flag needs an argument: --${name}`);
        setValue(out, f, argv[++i], `--${name}`);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        const f = byShort.get(c);
        if (!f) throw new UsageError(`unknown shorthand flag: '${c}' in ${a}`);
        const flagText = `-${c}, --${f.name}`;
        if (f.type === 'bool') {
          if (a[j + 1] === '=') {
            setValue(out, f, a.slice(j + 2), flagText);
            break;
          }
          setValue(out, f, 'true', flagText);
          continue;
        }
        let value = a.slice(j + 1);
        if (value.startsWith('=')) value = value.slice(1);
        else if (!value) {
          if (i + 1 >= argv.length) throw new UsageError(`flag needs an argument: '${c}' in -${c}`);
          value = argv[++i];
        }
        setValue(out, f, value, flagText);
        break;
      }
      continue;
    }
    if (!interspersed) {
      out.args.push(...argv.slice(i));
      break;
    }
    out.args.push(a);
  }
  out.help = out.flags.help === true;
  delete out.flags.help;
  return out;
}

/** Check positional counts with Docker's wording. */
export function checkArgs(spec: CommandSpec, args: string[], command: string): void {
  const n = args.length;
  const plural = (k: number) => (k === 1 ? 'argument' : 'arguments');
  if (spec.exactArgs !== undefined && n !== spec.exactArgs) {
    throw new UsageError(`'quai ${command}' requires ${spec.exactArgs} ${plural(spec.exactArgs)}`, 'args');
  }
  if (spec.minArgs !== undefined && n < spec.minArgs) {
    throw new UsageError(`'quai ${command}' requires at least ${spec.minArgs} ${plural(spec.minArgs)}`, 'args', 'See');
  }
  if (spec.maxArgs !== undefined && n > spec.maxArgs) {
    const what = spec.maxArgs === 0 ? 'accepts no arguments' : `requires at most ${spec.maxArgs} ${plural(spec.maxArgs)}`;
    throw new UsageError(`'quai ${command}' ${what}`, 'args');
  }
}

/** `--help` text in Docker's shape. */
export function helpText(spec: CommandSpec, command: string): string {
  const lines = [`Usage:  quai ${spec.usage}`, ``, spec.description, ``];
  if (spec.aliases?.length) lines.push('Aliases:', `  ${spec.aliases.join(', ')}`, '');
  const visible = spec.flags.filter((f) => !f.hidden);
  if (visible.length) {
    lines.push('Options:');
    const left = visible.map((f) => {
      const head = f.short ? `  -${f.short}, --${f.name}` : `      --${f.name}`;
      const vn = f.type === 'bool' ? '' : ` ${f.valueName ?? (f.type === 'list' ? 'list' : f.type)}`;
      return head + vn;
    });
    const width = Math.max(...left.map((l) => l.length)) + 3;
    visible.forEach((f, k) => {
      const def = f.default !== undefined && f.default !== false && f.default !== '' ? ` (default ${f.default})` : '';
      lines.push(left[k].padEnd(width) + f.description + def);
    });
    lines.push('');
  }
  void command;
  return lines.join('\n') + '\n';
}
