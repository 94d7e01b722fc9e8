// quai's own CLI at the same places a person meets it with docker's: bulk
// stdin through `run -i`, signals proxied to the container (--sig-proxy),
// and the detach keys of `exec -it` in a real terminal (tmux).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { repoRoot } from '@quai/testkit';
import { PROMPT, SHELL, terminal } from '../tmux.mjs';
import { docker, ok, out, useDaemon } from '../docker-cli/setup.mjs';

const ctx = useDaemon();
const QUAI = join(repoRoot, 'bin/quai');
const sha256 = (data) => createHash('sha256').update(data).digest('hex');
const term = terminal(() => ctx.daemon.dockerHost);
after(() => term.close());

/** Starts `quai args`; resolves with its exit code, stdout and stderr once it ends. */
function quai(args, { input } = {}) {
  const child = spawn(QUAI, args, { env: { ...process.env, DOCKER_HOST: ctx.daemon.dockerHost }, stdio: ['pipe', 'pipe', 'pipe'] });
  const out = [];
  const err = [];
  child.stdout.on('data', (c) => out.push(c));
  child.stderr.on('data', (c) => err.push(c));
  const done = new Promise((resolve) => child.on('close', (code, signal) => resolve({
    code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString(),
  })));
  if (input !== undefined) child.stdin.end(input);
  return { child, done, output: () => Buffer.concat(out).toString() };
}

async function until(check, what, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('quai run -i carries 8 MiB of binary stdin byte for byte', async () => {
  const input = Buffer.concat([randomBytes(8 << 20), Buffer.from([0x10, 0x11])]);
  const r = await quai(['run', '-i', '--rm', 'busybox', 'cat'], { input }).done;
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.length, input.length);
  assert.equal(sha256(r.stdout), sha256(input));
});

test('--sig-proxy: SIGINT to quai run reaches the container; with --sig-proxy=false it ends the CLI only', async (t) => {
  t.after(() => docker(['rm', '-f', 'sigbox', 'nosig']));
  const script = 'trap "echo got-INT; exit 7" INT; echo ready; while :; do sleep 0.1; done';
  const proxied = quai(['run', '--name', 'sigbox', 'busybox', 'sh', '-c', script]);
  await until(() => proxied.output().includes('ready'), 'the container to start');
  proxied.child.kill('SIGINT');
  const r = await proxied.done;
  assert.match(r.stdout.toString(), /got-INT/);
  assert.equal(r.code, 7, r.stderr);

  const plain = quai(['run', '--sig-proxy=false', '--name', 'nosig', 'busybox', 'sh', '-c', script]);
  await until(() => plain.output().includes('ready'), 'the container to start');
  plain.child.kill('SIGINT');
  const p = await plain.done;
  assert.equal(p.signal, 'SIGINT');
  assert.equal(await out(['inspect', '-f', '{{.State.Running}}', 'nosig']), 'true');
});

test('quai exec -it: --detach-keys leaves the exec running; exit codes come back', async (t) => {
  t.after(() => docker(['rm', '-f', 'qexec']));
  await ok(['run', '-d', '--name', 'qexec', 'busybox', 'sleep', '300']);
  term.fresh(`${QUAI} exec -it --detach-keys ctrl-x,y qexec sh -c 'echo exec-up; exec sleep 299'`);
  await term.waitScreen(/^exec-up/m);
  term.keys('C-x', 'y');
  await term.waitScreen(SHELL);
  assert.match(await out(['exec', 'qexec', 'ps', '-o', 'args']), /sleep 299/);

  term.fresh(`${QUAI} exec -it qexec sh`);
  await term.waitScreen(PROMPT);
  term.type('exit 4');
  await term.waitScreen(SHELL);
  term.type('echo code=$?');
  await term.waitScreen(/^code=4\s*$/m);
});
