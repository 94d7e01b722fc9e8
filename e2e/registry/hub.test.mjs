// The hub as a new user meets it: a `quai hub` process and a quai daemon
// (with the hub as its docker.io mirror), driven by the real docker CLI and
// by skopeo. Needs root (the daemon runs containers), docker, skopeo.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { busyboxArchive, dockerCliPath, loadBusybox, requireBinary, requireRoot, startDaemon, startHub } from '@quai/testkit';

const ctx = { hub: undefined, url: '', host: '', dir: '', daemon: undefined };

function run(cmd, args, { input, env } = {}) {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { env: { ...process.env, ...env }, maxBuffer: 64 << 20, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (err.code ?? 1) : 0, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

const docker = (args, opts = {}) => ctx.daemon.docker(args, opts);
async function ok(p) {
  const r = await p;
  assert.equal(r.code, 0, `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}
const api = (path, init = {}, user = ['alice', 'alice-pw']) => fetch(`${ctx.url}${path}`, {
  ...init, headers: { Authorization: `Basic ${Buffer.from(user.join(':')).toString('base64')}`, ...init.headers },
});

before(async () => {
  requireRoot();
  requireBinary(dockerCliPath);
  requireBinary('skopeo');
  ctx.dir = mkdtempSync('/tmp/quai-hub-e2e-');
  ctx.hub = await startHub([
    { name: 'alice', password: 'alice-pw' }, { name: 'bob', password: 'bob-pw' }, { name: 'admin', password: 'admin-pw', admin: true },
  ]);
  ctx.url = ctx.hub.url;
  ctx.host = ctx.hub.host;
  ctx.daemon = await startDaemon({ args: ['--registry-mirror', ctx.url] });
  await loadBusybox(ctx.daemon.dockerHost);
}, { timeout: 60_000 });

after(async () => {
  await ctx.daemon?.stop();
  await ctx.hub?.stop();
  if (ctx.dir) rmSync(ctx.dir, { recursive: true, force: true });
}, { timeout: 60_000 });

describe('quai hub with the docker CLI and skopeo', () => {
  it('docker login, tag, push, rmi, pull, run', async () => {
    const login = await ok(docker(['login', ctx.host, '-u', 'alice', '--password-stdin'], { input: 'alice-pw\n' }));
    assert.match(login.stdout, /Login Succeeded/);
    await ok(docker(['tag', 'busybox', `${ctx.host}/alice/bb:1`]));
    const push = await ok(docker(['push', `${ctx.host}/alice/bb:1`]));
    assert.match(push.stdout, /1: digest: sha256:[a-f0-9]{64} size: \d+/);
    await ok(docker(['rmi', `${ctx.host}/alice/bb:1`, 'busybox']));
    const pull = await ok(docker(['pull', `${ctx.host}/alice/bb:1`]));
    assert.match(pull.stdout, /Downloaded newer image/);
    const out = await ok(docker(['run', '--rm', `${ctx.host}/alice/bb:1`, 'echo', 'hello from the hub']));
    assert.equal(out.stdout.trim(), 'hello from the hub');
  });

  it('refuses anonymous pull of a private repository with 401 and a challenge', async () => {
    assert.equal((await api('/api/repositories/alice/bb', { method: 'PATCH', body: '{"private":true}' })).status, 204);
    const res = await fetch(`${ctx.url}/v2/alice/bb/manifests/1`);
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('www-authenticate'), `Bearer realm="${ctx.url}/token",service="${ctx.host}",scope="repository:alice/bb:pull"`);
    const anonConfig = join(ctx.dir, 'anon-config');
    mkdirSync(anonConfig);
    const r = await docker(['pull', `${ctx.host}/alice/bb:1`], { env: { DOCKER_CONFIG: anonConfig } });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /pull access denied/);
    await ok(docker(['pull', `${ctx.host}/alice/bb:1`])); // alice, logged in, still can
  });

  it('stops a revoked access token', async () => {
    const { id, token } = await (await api('/api/tokens', { method: 'POST', body: '{"label":"e2e","scope":"read"}' })).json();
    const config = join(ctx.dir, 'pat-config');
    mkdirSync(config);
    const env = { DOCKER_CONFIG: config };
    await ok(docker(['login', ctx.host, '-u', 'alice', '--password-stdin'], { input: token, env }));
    await ok(docker(['pull', `${ctx.host}/alice/bb:1`], { env }));
    assert.equal((await api(`/api/tokens/${id}`, { method: 'DELETE' })).status, 204);
    const r = await docker(['pull', `${ctx.host}/alice/bb:1`], { env });
    assert.notEqual(r.code, 0, r.stdout);
    assert.equal((await docker(['login', ctx.host, '-u', 'alice', '--password-stdin'], { input: token, env: { DOCKER_CONFIG: join(ctx.dir, 'pat2') } })).code !== 0, true);
  });

  it('docker search finds public repositories through the mirror', async () => {
    await api('/api/repositories/alice/bb', { method: 'PATCH', body: '{"private":false,"description":"busybox for alice"}' });
    const r = await ok(docker(['search', 'bb']));
    assert.match(r.stdout, /alice\/bb\s+busybox for alice/);
  });

  it('skopeo copies in (Docker and OCI manifests) and out; inspect and list-tags agree', async () => {
    const creds = ['--dest-tls-verify=false', '--dest-creds', 'alice:alice-pw'];
    await ok(run('skopeo', ['copy', ...creds, `docker-archive:${busyboxArchive()}`, `docker://${ctx.host}/alice/sk:docker`]));
    await ok(run('skopeo', ['copy', ...creds, '--format', 'oci', `docker-archive:${busyboxArchive()}`, `docker://${ctx.host}/alice/sk:oci`]));
    const tags = JSON.parse((await ok(run('skopeo', ['list-tags', '--tls-verify=false', `docker://${ctx.host}/alice/sk`]))).stdout);
    assert.deepEqual(tags.Tags.sort(), ['docker', 'oci']);
    for (const [tag, type] of [['docker', 'application/vnd.docker.distribution.manifest.v2+json'], ['oci', 'application/vnd.oci.image.manifest.v1+json']]) {
      const raw = JSON.parse((await ok(run('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${ctx.host}/alice/sk:${tag}`]))).stdout);
      assert.equal(raw.mediaType, type);
      const info = JSON.parse((await ok(run('skopeo', ['inspect', '--tls-verify=false', `docker://${ctx.host}/alice/sk:${tag}`]))).stdout);
      assert.deepEqual(info.RepoTags.sort(), ['docker', 'oci']);
      assert.equal(info.Os, 'linux');
    }
    const out = join(ctx.dir, 'oci-out');
    await ok(run('skopeo', ['copy', '--src-tls-verify=false', `docker://${ctx.host}/alice/sk:oci`, `oci:${out}:x`]));
  });

  it('pulls docker.io names from the hub as registry mirror', async () => {
    await ok(run('skopeo', ['copy', '--dest-tls-verify=false', '--dest-creds', 'admin:admin-pw', `docker-archive:${busyboxArchive()}`, `docker://${ctx.host}/library/busybox:mirror`]));
    const r = await ok(docker(['pull', 'busybox:mirror']));
    assert.match(r.stdout, /docker\.io\/library\/busybox:mirror/);
  });
});
