// Engine namespaces (issue 12): many isolated Docker hosts in one engine,
// each on its own socket, driven with the real docker CLI. Isolation of
// names, lists, events and networks; shared layers on disk; the playground
// policy; quotas; a removal that leaves nothing on the host; sockets that
// survive a daemon restart. Traffic goes only to the containers it creates.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { apiRequest, busyboxArchive, loadImage, mountsUnder, repoRoot, socketOf } from '@quai/testkit';
import { docker, isDocker, useDaemon } from './setup.mjs';

const run = promisify(execFile);

/** The quai CLI against the test daemon's main socket. */
async function quai(ctx, args) {
  return run(process.execPath, [join(repoRoot, 'bin/quai'), ...args], { env: { ...process.env, DOCKER_HOST: ctx.daemon.dockerHost } });
}

/** The admin API on the main socket. */
async function admin(ctx, method, path, body) {
  return apiRequest(socketOf(ctx.daemon.dockerHost), { method, path, ...(body ? { body: JSON.stringify(body) } : {}) });
}

async function createNamespace(ctx, body) {
  const res = await admin(ctx, 'POST', '/quai/namespaces', body);
  assert.equal(res.status, 201, res.body);
  return `unix://${res.json().Socket}`;
}

async function removeNamespace(ctx, name) {
  await admin(ctx, 'DELETE', `/quai/namespaces/${name}`);
}

/** docker against one namespace's socket; asserts success. */
async function dk(host, args, opts = {}) {
  const r = await docker(args, { host, ...opts });
  assert.equal(r.code, 0, `docker ${args.join(' ')} → ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout.trim();
}

async function refused(host, args, pattern) {
  const r = await docker(args, { host });
  assert.notEqual(r.code, 0, `docker ${args.join(' ')} should have been refused\n${r.stdout}`);
  assert.match(r.stderr, pattern, `docker ${args.join(' ')}`);
  return r;
}

const lines = (text) => text.split('\n').filter(Boolean).sort();
const linkExists = (name) => existsSync(join('/sys/class/net', name));
const cgroupDirs = (ns) => readdirSync('/sys/fs/cgroup').filter((h) => existsSync(join('/sys/fs/cgroup', h, 'quai', ns)));
const listDir = (dir) => (existsSync(dir) ? readdirSync(dir) : []);
/** This daemon's own iptables rules (other daemons on the host have chains of their own). */
async function firewallRules(execRoot) {
  const prefix = `QUAI-${createHash('sha256').update(execRoot).digest('hex').slice(0, 6)}-`;
  return (await run('iptables-save', [])).stdout.split('\n').filter((l) => l.includes(prefix));
}

describe('namespaces', { skip: isDocker && 'quai only: dockerd has no namespaces' }, () => {
  const ctx = useDaemon();

  test('quai namespace create prints a socket where the docker CLI works; ls and inspect show it; the namespace socket has no admin API', async () => {
    const { stdout } = await quai(ctx, ['namespace', 'create', 'cli', '--memory', '256m', '--containers', '5']);
    const host = stdout.trim();
    assert.match(host, /^unix:\/\/.*\/namespaces\/cli\/docker\.sock$/);
    try {
      assert.match(await dk(host, ['version', '--format', '{{.Server.Version}}']), /\S/);
      const ls = (await quai(ctx, ['namespace', 'ls'])).stdout;
      assert.match(ls, /^default\s+default\s+-\s+\(main socket\)$/m);
      assert.match(ls, /^cli\s+default\s+memory=256MiB containers=5\s+unix:\/\//m);
      const [info] = JSON.parse((await quai(ctx, ['namespace', 'inspect', 'cli'])).stdout);
      assert.equal(info.Quota.Memory, 256 * 1024 * 1024);
      assert.equal(info.Usage.Containers, 0);
      const fromInside = await apiRequest(socketOf(host), { path: '/quai/namespaces' });
      assert.equal(fromInside.status, 404, 'a namespace must not reach the admin API');
      const again = await admin(ctx, 'POST', '/quai/namespaces', { Name: 'cli' });
      assert.equal(again.status, 409);
      const bad = await admin(ctx, 'POST', '/quai/namespaces', { Name: '../x' });
      assert.equal(bad.status, 400);
      assert.match(bad.json().message, /invalid namespace name/);
    } finally {
      await quai(ctx, ['namespace', 'rm', 'cli']);
    }
    assert.doesNotMatch((await quai(ctx, ['namespace', 'ls'])).stdout, /^cli/m);
  });

  test('two namespaces: the same name in each, and neither sees the other\'s containers, images, volumes, networks or events', async () => {
    const a = await createNamespace(ctx, { Name: 'iso-a' });
    const b = await createNamespace(ctx, { Name: 'iso-b' });
    try {
      const since = String(Math.floor(Date.now() / 1000) - 1);
      await loadImage(a, busyboxArchive());
      await dk(b, ['images', '-q']).then((ids) => assert.equal(ids, '', 'b has no images yet'));
      await loadImage(b, busyboxArchive());
      const idA = await dk(a, ['run', '-d', '--name', 'web', 'busybox', 'sleep', '60']);
      const idB = await dk(b, ['run', '-d', '--name', 'web', 'busybox', 'sleep', '60']);
      assert.notEqual(idA, idB);
      await dk(a, ['volume', 'create', 'only-a']);
      await dk(a, ['network', 'create', 'net-a']);
      await dk(a, ['tag', 'busybox', 'mine:a']);
      assert.deepEqual(lines(await dk(a, ['ps', '-aq', '--no-trunc'])), [idA]);
      assert.deepEqual(lines(await dk(b, ['ps', '-aq', '--no-trunc'])), [idB]);
      assert.equal(await dk(ctx.daemon.dockerHost, ['ps', '-aq', '--filter', 'name=web']), '', 'the default socket sees neither');
      await refused(b, ['inspect', idA], /No such object/);
      await refused(b, ['logs', idA.slice(0, 12)], /No such container/);
      await refused(b, ['volume', 'inspect', 'only-a'], /no such volume/);
      await refused(b, ['network', 'inspect', 'net-a'], /not found/);
      await refused(b, ['image', 'inspect', 'mine:a'], /No such image/);
      assert.deepEqual(lines(await dk(b, ['network', 'ls', '--format', '{{.Name}}'])), ['bridge', 'host', 'none']);
      assert.equal(await dk(b, ['volume', 'ls', '-q']), '');
      assert.deepEqual(lines(await dk(b, ['images', '--format', '{{.Repository}}:{{.Tag}}'])), ['busybox:latest']);
      // Each namespace's own default bridge, on a subnet of its own.
      const subnet = (h) => dk(h, ['network', 'inspect', 'bridge', '--format', '{{(index .IPAM.Config 0).Subnet}}']);
      assert.notEqual(await subnet(a), await subnet(b));
      const until = String(Math.floor(Date.now() / 1000) + 1);
      const events = await dk(b, ['events', '--since', since, '--until', until, '--format', '{{.Type}} {{.Action}} {{.Actor.ID}}']);
      assert.match(events, new RegExp(`container start ${idB}`));
      assert.doesNotMatch(events, new RegExp(idA), 'b saw an event of a');
      assert.doesNotMatch(events, /volume create only-a|network create/);
      const df = JSON.parse(await dk(b, ['system', 'df', '--format', '{{json .}}']).then((t) => `[${lines(t).join(',')}]`));
      assert.equal(Number(df.find((r) => r.Type === 'Local Volumes').TotalCount), 0);
      assert.equal(Number(df.find((r) => r.Type === 'Containers').TotalCount), 1);
      // `prune` in b leaves a's things alone.
      await dk(b, ['rm', '-f', 'web']);
      await dk(b, ['system', 'prune', '-af', '--volumes']);
      assert.deepEqual(lines(await dk(a, ['ps', '-aq', '--no-trunc'])), [idA]);
      assert.equal(await dk(a, ['volume', 'ls', '-q']), 'only-a');
    } finally {
      await removeNamespace(ctx, 'iso-a');
      await removeNamespace(ctx, 'iso-b');
    }
  });

  test('a container cannot reach another namespace\'s containers over the network', async () => {
    const a = await createNamespace(ctx, { Name: 'net-a' });
    const b = await createNamespace(ctx, { Name: 'net-b' });
    try {
      await loadImage(a, busyboxArchive());
      await loadImage(b, busyboxArchive());
      await dk(b, ['run', '-d', '--name', 'target', 'busybox', 'sleep', '60']);
      const ip = await dk(b, ['inspect', '-f', '{{.NetworkSettings.IPAddress}}', 'target']);
      assert.match(ip, /^\d+\.\d+\.\d+\.\d+$/);
      await dk(b, ['run', '--rm', 'busybox', 'ping', '-c', '1', '-W', '2', ip]);
      const across = await docker(['run', '--rm', 'busybox', 'ping', '-c', '1', '-W', '2', ip], { host: a });
      assert.notEqual(across.code, 0, `a reached b's container at ${ip}:\n${across.stdout}`);
      assert.match(across.stdout, /0 packets received|100% packet loss/);
    } finally {
      await removeNamespace(ctx, 'net-a');
      await removeNamespace(ctx, 'net-b');
    }
  });

  test('an image loaded in two namespaces costs one copy of its layers on disk', async () => {
    const a = await createNamespace(ctx, { Name: 'share-a' });
    const b = await createNamespace(ctx, { Name: 'share-b' });
    const root = ctx.daemon.dataRoot;
    const count = () => readdirSync(join(root, 'snapshots/committed')).length + readdirSync(join(root, 'blobs/sha256')).length;
    try {
      await loadImage(a, busyboxArchive());
      const once = count();
      await loadImage(b, busyboxArchive());
      assert.equal(count(), once, 'the second load wrote new layers or blobs');
      // Removal is per namespace: a's rmi leaves b's image (and its layers) whole.
      await dk(a, ['rmi', 'busybox']);
      assert.equal(await dk(a, ['images', '-q']), '');
      assert.equal(await dk(b, ['run', '--rm', 'busybox', 'echo', 'still here']), 'still here');
    } finally {
      await removeNamespace(ctx, 'share-a');
      await removeNamespace(ctx, 'share-b');
    }
  });

  test('policy playground refuses each host-reaching option with a message that names it', async () => {
    const p = await createNamespace(ctx, { Name: 'play', Policy: 'playground' });
    try {
      await loadImage(p, busyboxArchive());
      const cases = [
        [['--privileged'], /does not allow --privileged/],
        [['-v', '/etc:/host-etc'], /does not allow bind mounts of host paths \(-v \/etc:\/host-etc\)/],
        [['--mount', 'type=bind,source=/,target=/h'], /does not allow bind mounts of host paths \(--mount/],
        [['--network', 'host'], /does not allow --network host/],
        [['--pid', 'host'], /does not allow --pid host/],
        [['--ipc', 'host'], /does not allow --ipc host/],
        [['--uts', 'host'], /does not allow --uts host/],
        [['--device', '/dev/null'], /does not allow --device/],
        [['--cap-add', 'SYS_ADMIN'], /does not allow --cap-add CAP_SYS_ADMIN/],
        [['--cap-add', 'ALL'], /does not allow --cap-add ALL/],
        [['--security-opt', 'seccomp=unconfined'], /does not allow --security-opt seccomp=unconfined/],
        [['--security-opt', 'apparmor=unconfined'], /does not allow --security-opt apparmor=unconfined/],
        [['--security-opt', 'no-new-privileges=false'], /does not allow --security-opt no-new-privileges=false/],
        [['--security-opt', 'systempaths=unconfined'], /does not allow --security-opt systempaths=unconfined/],
        [['--cgroup-parent', '/elsewhere'], /does not allow --cgroup-parent/],
        [['--mount', 'type=volume,target=/d,volume-opt=type=ext4,volume-opt=device=/dev/vda'], /does not allow volume driver option type=ext4/],
      ];
      for (const [flags, message] of cases) await refused(p, ['run', '--rm', ...flags, 'busybox', 'true'], message);
      await refused(p, ['volume', 'create', '-o', 'type=none', '-o', 'device=/etc', '-o', 'o=bind', 'hostdir'], /does not allow volume driver option type=none/);
      // What stays inside the engine is allowed: volumes, tmpfs, Docker's default capabilities.
      assert.equal(await dk(p, ['run', '--rm', '-v', 'data:/data', '--tmpfs', '/scratch', '--cap-add', 'CHOWN', 'busybox', 'sh', '-c', 'echo ok > /data/f && cat /data/f']), 'ok');
      await dk(p, ['volume', 'create', '-o', 'type=tmpfs', '-o', 'device=tmpfs', '-o', 'o=size=1m', 'small']);
      // Every way in: exec and the builder's RUN obey it too.
      await dk(p, ['run', '-d', '--name', 'box', 'busybox', 'sleep', '60']);
      await refused(p, ['exec', '--privileged', 'box', 'true'], /does not allow exec --privileged/);
      assert.equal(await dk(p, ['exec', 'box', 'echo', 'plain exec']), 'plain exec');
      const build = await docker(['build', '--network', 'host', '-t', 'x', '-'], { host: p, input: 'FROM busybox\nRUN true\n' });
      assert.notEqual(build.code, 0, build.stdout);
      assert.match(build.stderr + build.stdout, /does not allow --network host/);
    } finally {
      await removeNamespace(ctx, 'play');
    }
  });

  test('a playground instance: its socket dir bind-mounted into a shell container, ports published on the namespace\'s own address', async () => {
    const address = '127.0.77.9';
    const host = await createNamespace(ctx, { Name: 'instance', Policy: 'playground', PublishAddress: address, Quota: { Memory: 256 * 1024 * 1024 } });
    const socketDir = dirname(socketOf(host));
    try {
      await loadImage(host, busyboxArchive());
      // The one host path the policy lets through: the namespace's own API, for the instance's shell.
      const kind = await dk(host, ['run', '--rm', '-v', `${socketDir}:/var/run/quai:ro`, '-e', 'DOCKER_HOST=unix:///var/run/quai/docker.sock', 'busybox', 'stat', '-c', '%F', '/var/run/quai/docker.sock']);
      assert.equal(kind, 'socket');
      await refused(host, ['run', '--rm', '-v', `${socketDir}:/var/run/quai`, 'busybox', 'true'], /does not allow a writable bind of its socket directory .*: add :ro/);
      await refused(host, ['run', '--rm', '-v', `${dirname(socketDir)}:/all`, 'busybox', 'true'], /does not allow bind mounts of host paths/);
      assert.equal(await dk(host, ['run', '--rm', '-v', `${socketOf(host)}:/var/run/docker.sock`, 'busybox', 'stat', '-c', '%F', '/var/run/docker.sock']), 'socket');
      await dk(host, ['run', '-d', '--name', 'web', '-p', '80', 'busybox', 'sh', '-c', 'mkdir -p /www && echo hello > /www/index.html && exec httpd -f -p 80 -h /www']);
      const published = await dk(host, ['port', 'web', '80']);
      assert.match(published, new RegExp(`^${address.replace(/\./g, '\\.')}:\\d+$`));
      const port = published.split(':')[1];
      let body = '';
      for (let i = 0; i < 50 && !body; i++) {
        body = await fetch(`http://${address}:${port}/`, { signal: AbortSignal.timeout(2000) }).then((r) => r.text(), () => '');
        if (!body) await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(body.trim(), 'hello');
      await refused(host, ['run', '--rm', '-p', '127.0.0.1:0:80', 'busybox', 'true'], /published on 127\.0\.77\.9 only, not 127\.0\.0\.1/);
    } finally {
      await removeNamespace(ctx, 'instance');
    }
  });

  test('quotas: the namespace\'s memory bounds its containers together, a container asking for more is refused, counts and disk are bounded', async () => {
    const q = await createNamespace(ctx, { Name: 'quota', Quota: { Memory: 64 * 1024 * 1024, Pids: 200, Containers: 2, Disk: 8 * 1024 * 1024 } });
    try {
      await loadImage(q, busyboxArchive());
      assert.equal(readFileSync('/sys/fs/cgroup/memory/quai/quota/memory.limit_in_bytes', 'utf8').trim(), String(64 * 1024 * 1024));
      await refused(q, ['run', '--rm', '-m', '1g', 'busybox', 'true'], /quota exceeded: namespace "quota" has 64MiB of memory: --memory 1GiB is more than that/);
      // 100 MB in one shell variable: more than the namespace has.
      const hog = await docker(['run', '--name', 'hog', 'busybox', 'sh', '-c', 'x=$(head -c 100000000 /dev/zero | tr "\\0" a); echo survived'], { host: q });
      assert.equal(hog.code, 137, `the hog was not killed: ${hog.stdout}${hog.stderr}`);
      assert.equal(await dk(q, ['inspect', '-f', '{{.State.OOMKilled}}', 'hog']), 'true');
      assert.doesNotMatch(hog.stdout, /survived/);
      await dk(q, ['run', '-d', '--name', 'second', 'busybox', 'sleep', '60']);
      await refused(q, ['create', 'busybox'], /quota exceeded: namespace "quota" may hold 2 containers/);
      await dk(q, ['rm', '-f', 'hog']);
      // The namespace's disk is a file system of its size: a write past it fails inside the
      // container, the next API write says "quota exceeded", and what exists stays usable.
      const fill = await docker(['exec', 'second', 'dd', 'if=/dev/zero', 'of=/fill', 'bs=1M', 'count=9'], { host: q });
      assert.notEqual(fill.code, 0, 'writing 9 MiB into an 8 MiB namespace succeeded');
      assert.match(fill.stderr, /No space left on device/);
      await refused(q, ['run', '--rm', 'busybox', 'true'], /quota exceeded: namespace "quota" uses .* of its 8MiB disk/);
      await refused(q, ['volume', 'create', 'more'], /quota exceeded/);
      assert.equal(await dk(q, ['exec', 'second', 'echo', 'fine']), 'fine');
      await dk(q, ['exec', 'second', 'rm', '/fill']);
      await dk(q, ['run', '--rm', 'busybox', 'true']);
      // An upload bigger than what is left is cut off as it arrives, before it fills anything.
      const dir = mkdtempSync('/tmp/quai-test-upload-');
      try {
        await run('sh', ['-c', `head -c 10000000 /dev/urandom > ${dir}/blob && tar -C ${dir} -cf ${dir}/big.tar blob`]);
        await refused(q, ['load', '-i', join(dir, 'big.tar')], /quota exceeded: namespace "quota" has .* of disk left, and this archive is larger/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      assert.deepEqual(lines(await dk(q, ['images', '--format', '{{.Repository}}'])), ['busybox']);
    } finally {
      await removeNamespace(ctx, 'quota');
    }
  });

  test('rm removes everything in a namespace and leaves no mount, netns, veth, iptables rule, cgroup, socket or file behind', async () => {
    const rulesBefore = await firewallRules(ctx.daemon.execRoot);
    const mountsBefore = mountsUnder(ctx.daemon.dir);
    const netnsBefore = listDir(join(ctx.daemon.execRoot, 'netns'));
    const containersBefore = listDir(join(ctx.daemon.dataRoot, 'containers'));
    const host = await createNamespace(ctx, { Name: 'gone', Quota: { Memory: 128 * 1024 * 1024, Pids: 100 } });
    await loadImage(host, busyboxArchive());
    await dk(host, ['network', 'create', 'user-net']);
    await dk(host, ['run', '-d', '--name', 'svc-a', '--network', 'user-net', '-p', '127.0.0.1::80', '-v', 'vol:/data', 'busybox', 'sleep', '60']);
    await dk(host, ['run', '-d', '--name', 'svc-b', '--tmpfs', '/t', 'busybox', 'sleep', '60']);
    await dk(host, ['create', '--name', 'svc-c', 'busybox', 'true']);
    const bridges = [
      await dk(host, ['network', 'inspect', '-f', '{{index .Options "com.docker.network.bridge.name"}}', 'bridge']),
      `br-${(await dk(host, ['network', 'inspect', '-f', '{{.Id}}', 'user-net'])).slice(0, 12)}`,
    ];
    const endpoints = (await dk(host, ['inspect', '-f', '{{range .NetworkSettings.Networks}}{{.EndpointID}} {{end}}', 'svc-a', 'svc-b'])).split(/\s+/).filter(Boolean);
    const veths = endpoints.map((e) => `veth${e.slice(0, 11)}`);
    assert.ok([...bridges, ...veths].every(linkExists), `links missing before rm: ${[...bridges, ...veths]}`);
    assert.ok(cgroupDirs('gone').length > 0, 'no cgroup for the namespace');
    assert.ok((await firewallRules(ctx.daemon.execRoot)).length > rulesBefore.length);
    await quai(ctx, ['namespace', 'rm', 'gone']);
    assert.deepEqual(mountsUnder(ctx.daemon.dir), mountsBefore, 'mounts left behind');
    assert.deepEqual(listDir(join(ctx.daemon.execRoot, 'netns')), netnsBefore, 'netns left behind');
    assert.deepEqual([...bridges, ...veths].filter(linkExists), [], 'links left behind');
    assert.deepEqual(await firewallRules(ctx.daemon.execRoot), rulesBefore, 'iptables rules left behind');
    assert.deepEqual(cgroupDirs('gone'), [], 'cgroups left behind');
    assert.equal(existsSync(join(ctx.daemon.execRoot, 'namespaces', 'gone')), false, 'socket left behind');
    assert.equal(existsSync(join(ctx.daemon.dataRoot, 'namespaces', 'gone')), false, 'files left behind');
    assert.deepEqual(listDir(join(ctx.daemon.dataRoot, 'containers')), containersBefore, 'container records left behind');
    const res = await admin(ctx, 'GET', '/quai/namespaces/gone');
    assert.equal(res.status, 404);
  });

  test('namespaces, their sockets and their containers survive a daemon restart', async () => {
    const host = await createNamespace(ctx, { Name: 'lasting' });
    try {
      await loadImage(host, busyboxArchive());
      const id = await dk(host, ['run', '-d', '--name', 'keeps', 'busybox', 'sleep', '120']);
      await ctx.daemon.restart();
      assert.equal(await dk(host, ['ps', '-q', '--no-trunc']), id);
      assert.equal(await dk(host, ['exec', 'keeps', 'echo', 'after restart']), 'after restart');
      assert.equal(await dk(ctx.daemon.dockerHost, ['ps', '-aq', '--filter', 'name=keeps']), '');
    } finally {
      await removeNamespace(ctx, 'lasting');
    }
  });

  test('names are reserved at once: of two concurrent creates with one name, one gets the conflict', async () => {
    const host = await createNamespace(ctx, { Name: 'race' });
    try {
      await loadImage(host, busyboxArchive());
      const create = () => apiRequest(socketOf(host), { method: 'POST', path: '/containers/create?name=twin', body: JSON.stringify({ Image: 'busybox', Cmd: ['true'] }) });
      const statuses = (await Promise.all([create(), create(), create()])).map((r) => r.status).sort();
      assert.deepEqual(statuses, [201, 409, 409]);
    } finally {
      await removeNamespace(ctx, 'race');
    }
  });
});
