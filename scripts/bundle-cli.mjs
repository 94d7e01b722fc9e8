#!/usr/bin/env node
// Bundles the quai CLI (packages/cli/dist, already compiled by tsc -b) into
// single CommonJS files with V8's code cache beside them, so a command starts
// without Node's ESM loader, without resolving and reading ~30 modules, and
// without compiling them. bin/quai loads them:
//
//   packages/cli/dist/bundle/quai.cjs               every command but compose
//   packages/cli/dist/bundle/quai-with-compose.cjs  every command (compose brings a YAML
//                                                   parser and more: twice the size)
//   packages/cli/dist/bundle/<id>.cache             V8's code cache for the bundle whose
//                                                   first line is /* quai-bundle <id> */
//
// Commands stay lazy inside a bundle: a module under commands/ runs only once
// chosen. Part of `npm run build`; scripts/setup.sh runs it.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { build } from 'esbuild';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const cliDist = join(root, 'packages/cli/dist');
const outDir = join(cliDist, 'bundle');

/** Compiled tests sit beside the commands in dist/: keep them out of the glob imports. */
const noTests = {
  name: 'no-tests',
  setup(b) {
    b.onLoad({ filter: /\.test\.js$/ }, () => ({ contents: '', loader: 'js' }));
  },
};

/** bin/quai never runs compose from the bundle without it. */
const noCompose = {
  name: 'no-compose',
  setup(b) {
    b.onLoad({ filter: /[\\/]commands[\\/]compose[\\/][^\\/]+\.js$/ }, () => ({
      contents: 'throw new Error("quai compose runs from quai-with-compose.cjs");',
      loader: 'js',
    }));
  },
};

/** One bundle, then its code cache (taken after its top level has run). */
async function bundle(name, withCompose) {
  const file = join(outDir, name);
  // V8 checks a cache against its source's length only: a cache used with
  // another build of the same length would run the wrong code. Each build
  // gets an id, and its cache that name.
  const id = randomBytes(8).toString('hex');
  await build({
    entryPoints: [join(cliDist, 'main.js')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: `${file}.tmp`,
    plugins: withCompose ? [noTests] : [noTests, noCompose],
    // import() of node: modules becomes require(): the bundle runs as a plain script
    supported: { 'dynamic-import': false },
    // compose resolves its schema and ajv from node_modules at run time, relative to the bundle
    define: { 'import.meta.url': '__bundle_url' },
    banner: { js: `/* quai-bundle ${id} */\n${withCompose ? 'const __bundle_url = require("node:url").pathToFileURL(__filename).href;' : ''}` },
    logLevel: 'warning',
    legalComments: 'none',
  });
  renameSync(`${file}.tmp`, file);
  // bin/quai compiles the bundle in exactly this wrapper, or V8 would reject the cache.
  const source = readFileSync(file, 'utf8');
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, createRequire(file), mod, file, outDir);
  writeFileSync(join(outDir, `${id}.cache`), script.createCachedData());
}

mkdirSync(outDir, { recursive: true });
for (const old of readdirSync(outDir).filter((f) => f.endsWith('.cache'))) rmSync(join(outDir, old), { force: true });
await bundle('quai.cjs', false);
await bundle('quai-with-compose.cjs', true);
