// quai's own CLI before any container: `quai --help` shows every command it
// has, and a user who may not open the socket is told so (as docker does),
// not asked whether the daemon runs.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { findBinary, repoRoot } from '@quai/testkit';
import { useDaemon } from '../docker-cli/setup.mjs';

const ctx = useDaemon({ busybox: false });
const QUAI = join(repoRoot, 'bin/quai');

function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    execFile(cmd, args, { env: { ...process.env, ...env }, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (err.code ?? 1) : 0, stdout, stderr });
    });
  });
}

test('quai --help lists every command, and each answers --help', async () => {
  const { code, stdout } = await run(process.execPath, [QUAI, '--help']);
  assert.equal(code, 0);
  const listed = [...stdout.matchAll(/^ {2}([a-z]+) {2,}\S/gm)].map((m) => m[1]);
  for (const c of ['build', 'exec', 'cp', 'top', 'stats', 'commit', 'diff', 'port', 'attach', 'run', 'ps', 'images', 'rmi', 'export', 'update', 'pause']) {
    assert.ok(listed.includes(c), `${c} missing from quai --help:\n${stdout}`);
  }
  for (const c of listed) {
    const help = await run(process.execPath, [QUAI, c, '--help']);
    assert.equal(help.code, 0, `quai ${c} --help: ${help.stderr}`);
    assert.match(help.stdout, /Usage:/, `quai ${c} --help`);
  }
});

test('a user without access to the socket gets the permission error', async () => {
  const runuser = findBinary('runuser') ?? '/usr/sbin/runuser';
  const r = await run(runuser, ['-u', 'nobody', '--', process.execPath, QUAI, '-H', ctx.daemon.dockerHost, 'ps']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`^permission denied while trying to connect to the quai daemon socket at ${ctx.daemon.dockerHost.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
  assert.doesNotMatch(r.stderr, /daemon running/);
  // The same user with a socket that is not there: the usual question.
  const missing = await run(runuser, ['-u', 'nobody', '--', process.execPath, QUAI, '-H', 'unix:///nonexistent/quai.sock', 'ps']);
  assert.match(missing.stderr, /Cannot connect to the quai daemon at unix:\/\/\/nonexistent\/quai\.sock\. Is the quai daemon running\?/);
});
