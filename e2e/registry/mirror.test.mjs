// The engine with a hub as its docker.io mirror, as a learner's machine is
// set up: busybox loaded from its archive, then pulled from the hub (where
// library/push.sh stored its layer gzip-compressed, under another digest).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { dockerCliPath, loadBusybox, repoRoot, requireBinary, requireRoot, startDaemon, startHub } from '@quai/testkit';

const ctx = { hub: undefined, daemon: undefined };

function run(cmd, args, { input, env } = {}) {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { env: { ...process.env, ...env }, maxBuffer: 64 << 20, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (err.code ?? 1) : 0, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

const docker = (args, opts = {}) => ctx.daemon.docker(args, { timeoutMs: 120_000, ...opts });
async function ok(p) {
  const r = await p;
  assert.equal(r.code, 0, `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}

/** Every image record's manifest, and every blob it names, is in the engine's content store. */
function assertRecordsComplete(dataRoot) {
  const blob = (digest) => join(dataRoot, 'blobs/sha256', digest.replace('sha256:', ''));
  const images = JSON.parse(readFileSync(join(dataRoot, 'images/images.json'), 'utf8'));
  for (const [id, record] of Object.entries(images)) {
    if (!record.manifestDigest) continue;
    assert.ok(existsSync(blob(record.manifestDigest)), `${id}: manifest ${record.manifestDigest} missing`);
    const manifest = JSON.parse(readFileSync(blob(record.manifestDigest), 'utf8'));
    for (const d of [manifest.config, ...manifest.layers]) assert.ok(existsSync(blob(d.digest)), `${id}: blob ${d.digest} missing`);
  }
}

before(async () => {
  requireRoot();
  requireBinary(dockerCliPath);
  requireBinary('skopeo');
  ctx.hub = await startHub([{ name: 'admin', password: 'admin-pw', admin: true }, { name: 'alice', password: 'alice-pw' }]);
  await ok(run('bash', [join(repoRoot, 'library/push.sh'), ctx.hub.url, 'busybox'], { env: { QUAI_HUB_USER: 'admin', QUAI_HUB_PASSWORD: 'admin-pw', PUSH_QUIET: '1' } }));
  ctx.daemon = await startDaemon({ args: ['--registry-mirror', ctx.hub.url] });
  await loadBusybox(ctx.daemon.dockerHost);
  await ok(docker(['login', ctx.hub.host, '-u', 'alice', '--password-stdin'], { input: 'alice-pw\n' }));
}, { timeout: 120_000 });

after(async () => {
  await ctx.daemon?.stop();
  await ctx.hub?.stop();
}, { timeout: 60_000 });

describe('the engine with the hub as docker.io mirror', () => {
  it('docker pull busybox over a loaded busybox: FROM busybox builds, commit, save and push work', async () => {
    await ok(docker(['pull', 'busybox']));
    assertRecordsComplete(ctx.daemon.dataRoot);
    const built = await ok(docker(['build', '-t', 'after-pull:1', '-'], { input: 'FROM busybox\nRUN echo built > /built\n' }));
    assert.match(built.stdout, /Successfully tagged after-pull:1/);
    assert.equal((await ok(docker(['run', '--rm', 'after-pull:1', 'cat', '/built']))).stdout.trim(), 'built');
    await ok(docker(['run', '--name', 'to-commit', 'busybox', 'sh', '-c', 'echo committed > /c']));
    await ok(docker(['commit', 'to-commit', 'committed:1']));
    await ok(docker(['rm', 'to-commit']));
    assert.equal((await ok(docker(['run', '--rm', 'committed:1', 'cat', '/c']))).stdout.trim(), 'committed');
    assertRecordsComplete(ctx.daemon.dataRoot);
    const saved = await ok(docker(['save', 'busybox', 'after-pull:1']));
    assert.ok(saved.stdoutBuffer.length > 100_000);
    await ok(docker(['tag', 'committed:1', `${ctx.hub.host}/alice/committed:1`]));
    await ok(docker(['push', `${ctx.hub.host}/alice/committed:1`]));
  });

  it('docker push mounts layers it pulled or pushed from another repository of the same registry', async () => {
    const src = `${ctx.hub.host}/alice/mount-src:1`;
    const dst = `${ctx.hub.host}/alice/mount-dst:1`;
    await ok(docker(['build', '-t', src, '-'], { input: 'FROM busybox\nRUN echo mounted > /mounted\n' }));
    const first = await ok(docker(['push', src]));
    assert.match(first.stdout, /Pushed/);
    assert.match(await ok(docker(['image', 'inspect', '-f', '{{json .RepoDigests}}', src])).then((r) => r.stdout), /alice\/mount-src@sha256:/);
    await ok(docker(['tag', src, dst]));
    const second = await ok(docker(['push', dst]));
    assert.match(second.stdout, /Mounted from alice\/mount-src/, second.stdout);
    assert.doesNotMatch(second.stdout, /: Pushed/, second.stdout);
    // The mounted blobs are really there: another client pulls the image whole.
    const out = join(ctx.hub.dir, 'mounted-oci');
    await ok(run('skopeo', ['copy', '--src-tls-verify=false', '--src-creds', 'alice:alice-pw', `docker://${dst}`, `oci:${out}:x`]));
  });
});
