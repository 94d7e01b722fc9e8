// What the legacy builder does beyond the instructions: --add-host,
// --cache-from, the error record (with the RUN's exit code), stderr in red,
// Dockerfile and .dockerignore dropped from the context when ignored, empty
// Dockerfiles refused, and BuildKit requests told plainly.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { apiRequest, socketOf } from '@quai/testkit';
import { docker, fails, isDocker, ok, out, useDaemon } from './setup.mjs';

const ctx = useDaemon();

let scratch;
before(() => { scratch = mkdtempSync('/tmp/quai-e2e-build-extras-'); });
after(() => rmSync(scratch, { recursive: true, force: true }));

function context(name, files) {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) writeFileSync(join(dir, path), content);
  return dir;
}

/** POST /build with the context dir as a tar; the answer's status and JSON lines. */
async function apiBuild(dir, query = '') {
  const tar = spawnSync('tar', ['-C', dir, '-cf', '-', '.']);
  assert.equal(tar.status, 0);
  const res = await apiRequest(socketOf(ctx.daemon.dockerHost), {
    method: 'POST', path: `/build${query}`, body: tar.stdout, headers: { 'Content-Type': 'application/x-tar' }, timeoutMs: 60_000,
  });
  const lines = res.status === 200 ? res.body.split(/\r?\n/).filter(Boolean).map((l) => JSON.parse(l)) : [];
  return { status: res.status, body: res.body, lines };
}

test('--add-host reaches the RUN steps\' /etc/hosts', async (t) => {
  t.after(() => docker(['rmi', 'bx-hosts']));
  await ok(['build', '--add-host', 'buildhost.example:10.9.8.7', '-t', 'bx-hosts', '-'],
    { input: 'FROM busybox\nRUN grep buildhost.example /etc/hosts > /seen\n', timeoutMs: 60_000 });
  assert.match(await out(['run', '--rm', 'bx-hosts', 'cat', '/seen']), /^10\.9\.8\.7\s+buildhost\.example$/);
});

test('--cache-from: a loaded image with no build cache stands in for the steps it was built from', async (t) => {
  const dir = context('cachefrom', { Dockerfile: 'FROM busybox\nENV STAGE=one\nRUN echo cached > /x\nCMD ["cat", "/x"]\n' });
  await ok(['build', '-t', 'bx-cf:1', dir], { timeoutMs: 60_000 });
  const id = await out(['image', 'inspect', '-f', '{{.Id}}', 'bx-cf:1']);
  const saved = await ok(['save', 'bx-cf:1']);
  // Gone with its build cache, then back as from a registry: history only, no parent chain.
  await ok(['rmi', 'bx-cf:1']);
  await ok(['builder', 'prune', '-af']);
  await ok(['load'], { input: saved.stdoutBuffer });
  t.after(() => docker(['rmi', '-f', 'bx-cf:1', 'bx-cf:2', 'bx-cf:3']));
  const without = await ok(['build', '-t', 'bx-cf:2', dir], { timeoutMs: 60_000 });
  assert.doesNotMatch(without.stdout, /Using cache/);
  const withCache = await ok(['build', '--cache-from', 'bx-cf:1', '-t', 'bx-cf:3', dir], { timeoutMs: 60_000 });
  assert.equal(withCache.stdout.match(/Using cache/g)?.length, 3, withCache.stdout);
  assert.doesNotMatch(withCache.stdout, /Running in/);
  assert.equal(await out(['image', 'inspect', '-f', '{{.Id}}', 'bx-cf:3']), id, 'the last step is the cache-from image itself');
  assert.equal(await out(['run', '--rm', 'bx-cf:3']), 'cached');
  assert.equal(await out(['images', '-q', '--filter', 'dangling=true']), '', 'the restored steps are parents, not dangling images');
});

test('a failing RUN: the error record has code and message, and docker build exits with the code', async () => {
  const dir = context('code', { Dockerfile: 'FROM busybox\nRUN echo to-stderr >&2 && exit 3\n' });
  await fails(['build', dir], { code: 3, stderr: /returned a non-zero code: 3/, timeoutMs: 60_000 });
  const { status, lines } = await apiBuild(dir);
  assert.equal(status, 200);
  const error = lines.find((l) => l.errorDetail);
  assert.deepEqual(error.errorDetail, { code: 3, message: "The command '/bin/sh -c echo to-stderr >&2 && exit 3' returned a non-zero code: 3" });
  assert.equal(error.error, error.errorDetail.message);
  // The RUN's stderr comes wrapped in the legacy builder's red.
  assert.ok(lines.some((l) => l.stream === '\u001b[91mto-stderr\n\u001b[0m'), JSON.stringify(lines));
});

test('Dockerfile and .dockerignore are dropped from the context when .dockerignore excludes them', async (t) => {
  t.after(() => docker(['rmi', 'bx-ignored', 'bx-kept']));
  const files = { 'app.txt': 'app', Dockerfile: 'FROM busybox\nCOPY . /ctx/\n' };
  await ok(['build', '-t', 'bx-ignored', context('ignored', { ...files, '.dockerignore': 'Dockerfile\n.dockerignore\n' })], { timeoutMs: 60_000 });
  assert.deepEqual((await out(['run', '--rm', 'bx-ignored', 'ls', '-A', '/ctx'])).split('\n'), ['app.txt']);
  await ok(['build', '-t', 'bx-kept', context('kept', { ...files, '.dockerignore': '*.log\n' })], { timeoutMs: 60_000 });
  assert.deepEqual((await out(['run', '--rm', 'bx-kept', 'ls', '-A', '/ctx'])).split('\n'), ['.dockerignore', 'Dockerfile', 'app.txt']);
});

test('an empty Dockerfile is an error in Docker\'s words', async () => {
  await fails(['build', context('empty', { Dockerfile: '' })], { stderr: /the Dockerfile \(Dockerfile\) cannot be empty/ });
  const raw = await apiBuild(context('empty-api', { Dockerfile: '' }));
  assert.equal(raw.status, 400, raw.body);
  if (!isDocker) {
    await fails(['build', context('comments', { Dockerfile: '# only a comment\n' })], { stderr: /failed to parse Dockerfile: file with no instructions/ });
  }
});

test('a BuildKit request gets a clear error, not a 404', { skip: isDocker && 'dockerd has BuildKit' }, async () => {
  const res = await apiBuild(context('buildkit', { Dockerfile: 'FROM busybox\n' }), '?version=2');
  assert.equal(res.status, 400);
  assert.match(JSON.parse(res.body).message, /BuildKit is not supported/);
  const session = await apiRequest(socketOf(ctx.daemon.dockerHost), { method: 'POST', path: '/session' });
  assert.equal(session.status, 400);
  assert.match(session.json().message, /BuildKit is not supported/);
  assert.equal((await apiBuild(context('badversion', { Dockerfile: 'FROM busybox\n' }), '?version=7')).status, 400);
});
