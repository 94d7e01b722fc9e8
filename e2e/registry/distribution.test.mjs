// quai's engine against Debian's docker-registry (CNCF Distribution 2.8) on
// loopback: push, remove, pull, run with the real docker CLI.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { dockerCliPath, loadBusybox, requireBinary, requireRoot, startDaemon, waitFor } from '@quai/testkit';

const ctx = { registry: undefined, host: '', dir: '', daemon: undefined };

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function ok(p) {
  const r = await p;
  assert.equal(r.code, 0, `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}

before(async () => {
  requireRoot();
  requireBinary(dockerCliPath);
  requireBinary('docker-registry'); // Debian package docker-registry
  ctx.dir = mkdtempSync('/tmp/quai-distribution-e2e-');
  const port = await freePort();
  ctx.host = `127.0.0.1:${port}`;
  const config = join(ctx.dir, 'config.yml');
  writeFileSync(config, [
    'version: 0.1',
    'log: { level: error }',
    `storage: { filesystem: { rootdirectory: ${join(ctx.dir, 'data')} }, delete: { enabled: true } }`,
    `http: { addr: "${ctx.host}" }`,
  ].join('\n'));
  ctx.registry = spawn('/usr/bin/docker-registry', ['serve', config], { stdio: 'ignore' });
  const up = await waitFor(async () => (await fetch(`http://${ctx.host}/v2/`).catch(() => undefined))?.status === 200, 10_000);
  assert.ok(up, 'docker-registry did not come up');
  ctx.daemon = await startDaemon();
  await loadBusybox(ctx.daemon.dockerHost);
}, { timeout: 60_000 });

after(async () => {
  await ctx.daemon?.stop();
  if (ctx.registry && ctx.registry.exitCode === null) {
    ctx.registry.kill('SIGTERM');
    await new Promise((r) => ctx.registry.once('exit', r));
  }
  if (ctx.dir) rmSync(ctx.dir, { recursive: true, force: true });
}, { timeout: 60_000 });

describe('quai engine with CNCF Distribution', () => {
  it('pushes, pulls back and runs', async () => {
    const image = `${ctx.host}/team/bb:1`;
    await ok(ctx.daemon.docker(['tag', 'busybox', image]));
    const push = await ok(ctx.daemon.docker(['push', image]));
    assert.match(push.stdout, /1: digest: sha256:[a-f0-9]{64}/);
    const tags = await (await fetch(`http://${ctx.host}/v2/team/bb/tags/list`)).json();
    assert.deepEqual(tags.tags, ['1']);
    await ok(ctx.daemon.docker(['rmi', image, 'busybox']));
    await ok(ctx.daemon.docker(['pull', image]));
    const out = await ok(ctx.daemon.docker(['run', '--rm', image, 'echo', 'via distribution']));
    assert.equal(out.stdout.trim(), 'via distribution');
  });
});
