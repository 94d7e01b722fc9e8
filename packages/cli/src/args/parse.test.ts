import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFlags, checkArgs, UsageError, type CommandSpec } from './parse.js';

const spec: CommandSpec = {
  usage: 'run [OPTIONS] IMAGE [COMMAND] [ARG...]',
  description: 'x',
  interspersed: false,
  minArgs: 1,
  flags: [
    { name: 'detach', short: 'd', type: 'bool', description: '' },
    { name: 'interactive', short: 'i', type: 'bool', description: '' },
    { name: 'tty', short: 't', type: 'bool', description: '' },
    { name: 'rm', type: 'bool', description: '' },
    { name: 'name', type: 'string', description: '' },
    { name: 'env', short: 'e', type: 'list', description: '' },
    { name: 'memory', short: 'm', type: 'string', description: '' },
    { name: 'stop-timeout', type: 'int', description: '' },
  ],
};

test('options stop at the image; the rest is the command', () => {
  const p = parseFlags(spec, ['--rm', 'busybox', 'sh', '-c', 'echo hi', '--rm', '-d']);
  assert.equal(p.flags.rm, true);
  assert.equal(p.flags.detach, false);
  assert.deepEqual(p.args, ['busybox', 'sh', '-c', 'echo hi', '--rm', '-d']);
});

test('combined short flags and values glued or apart', () => {
  const p = parseFlags(spec, ['-dit', '-m64m', '-e', 'A=1', '-eB=2', '-e=C=3', 'img']);
  assert.equal(p.flags.detach, true);
  assert.equal(p.flags.interactive, true);
  assert.equal(p.flags.tty, true);
  assert.equal(p.flags.memory, '64m');
  assert.deepEqual(p.flags.env, ['A=1', 'B=2', 'C=3']);
  const q = parseFlags(spec, ['-itm', '1g', 'img']);
  assert.equal(q.flags.memory, '1g');
});

test('--name=x and --name x; bool=false; int', () => {
  assert.equal(parseFlags(spec, ['--name=x', 'img']).flags.name, 'x');
  assert.equal(parseFlags(spec, ['--name', 'y', 'img']).flags.name, 'y');
  assert.equal(parseFlags(spec, ['--rm=false', 'img']).flags.rm, false);
  const p = parseFlags(spec, ['--stop-timeout', '5', 'img']);
  assert.equal(p.flags['stop-timeout'], 5);
  assert.ok(p.changed.has('stop-timeout'));
});

test('-- ends options', () => {
  assert.deepEqual(parseFlags(spec, ['--', '-d']).args, ['-d']);
});

test('errors as Docker words them', () => {
  assert.throws(() => parseFlags(spec, ['--bogus']), { message: 'unknown flag: --bogus' });
  assert.throws(() => parseFlags(spec, ['-z']), { message: "unknown shorthand flag: 'z' in -z" });
  assert.throws(() => parseFlags(spec, ['--name']), { message: 'flag needs an argument: --name' });
  assert.throws(() => parseFlags(spec, ['--stop-timeout', 'x', 'i']), /invalid argument "x" for "--stop-timeout" flag/);
  const e = (() => { try { checkArgs(spec, [], 'run'); } catch (err) { return err; } })();
  assert.ok(e instanceof UsageError);
  assert.equal(e.message, "'quai run' requires at least 1 argument");
  assert.equal(e.kind, 'args');
});

test('interspersed commands accept flags after positionals', () => {
  const s: CommandSpec = { ...spec, interspersed: true };
  const p = parseFlags(s, ['a', '--rm', 'b']);
  assert.deepEqual(p.args, ['a', 'b']);
  assert.equal(p.flags.rm, true);
});

test('--help anywhere before the image', () => {
  assert.equal(parseFlags(spec, ['--rm', '--help']).help, true);
});
