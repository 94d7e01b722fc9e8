// bin/quai runs the CLI from the bundles `npm run build` makes
// (scripts/bundle-cli.mjs): they must be there, newer than what they were
// built from (bin/quai falls back to packages/cli/dist otherwise, and every
// other quai-cli and compose test would then not run them), and answer every
// command as the CLI compiled module by module does.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '@quai/testkit';

const bundleDir = join(repoRoot, 'packages/cli/dist/bundle');
const BUNDLES = ['quai.cjs', 'quai-with-compose.cjs'];
const require = createRequire(import.meta.url);

/** runCli's exit code and output, streams captured. */
async function capture(runCli, argv) {
  let out = '';
  const sink = { write: (s) => { out += s; return true; } };
  const code = await runCli(argv, { stdout: sink, stderr: sink, stdin: process.stdin });
  return { code, out };
}

test('the CLI bundles are built and newer than the compiled packages', () => {
  const inputs = [...['cli', 'client', 'common', 'compose'].map((p) => `packages/${p}/tsconfig.tsbuildinfo`), 'node_modules/.package-lock.json'];
  const newest = Math.max(...inputs.map((p) => statSync(join(repoRoot, p)).mtimeMs));
  for (const name of BUNDLES) {
    const built = statSync(join(bundleDir, name), { throwIfNoEntry: false })?.mtimeMs;
    assert.ok(built !== undefined && built >= newest, `${name} is missing or older than packages/*/dist: run npm run build`);
  }
});

test('every command answers from the bundle as from packages/cli/dist', async () => {
  const dist = await import(join(repoRoot, 'packages/cli/dist/main.js'));
  const { out: usage } = await capture(dist.runCli, ['--help']);
  const commands = [...usage.matchAll(/^ {2}([a-z]+) {2,}\S/gm)].map((m) => m[1]);
  assert.ok(commands.includes('run') && commands.includes('namespace'), usage);
  const cases = [['--help'], ['--version'], ['nosuch'], ['container', '--help'], ['run', '--nosuch', 'busybox'],
    ...commands.filter((c) => c !== 'compose').map((c) => [c, '--help'])];
  // bin/quai gives any command line with `compose` in it to quai-with-compose.cjs
  const composeCases = [['compose', '--help'], ['compose', 'version'], ['compose', 'up', '--help']];
  for (const name of BUNDLES) {
    const bundled = require(join(bundleDir, name));
    for (const argv of name === 'quai.cjs' ? cases : [...cases, ...composeCases]) {
      assert.deepEqual(await capture(bundled.runCli, argv), await capture(dist.runCli, argv), `${name}: quai ${argv.join(' ')}`);
    }
  }
});

test('bin/quai runs compose, and the other commands, from a bundle', async () => {
  const run = (args) => new Promise((resolve) => {
    execFile(process.execPath, [join(repoRoot, 'bin/quai'), ...args], { timeout: 30_000 }, (err, stdout, stderr) => resolve({ code: err?.code ?? 0, stdout, stderr }));
  });
  const version = await run(['compose', 'version']);
  assert.equal(version.code, 0, version.stderr);
  assert.match(version.stdout, /^quai compose version v\d/);
  const bad = await run(['ps', '--nosuch']);
  assert.equal(bad.code, 125);
  assert.match(bad.stderr, /^unknown flag: --nosuch/);
});
