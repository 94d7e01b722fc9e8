// `docker run` and its flags, one container per case, all --rm.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { docker, fails, isDocker, ok, out, useDaemon } from './setup.mjs';

useDaemon();

const run = (...args) => out(['run', '--rm', ...args]);

test('run --rm busybox echo hi prints hi', async () => {
  assert.equal(await run('busybox', 'echo', 'hi'), 'hi');
});

test('the exit code of the command is the exit code of docker run', async () => {
  await fails(['run', '--rm', 'busybox', 'sh', '-c', 'exit 3'], { code: 3 });
});

test('stderr goes to stderr, stdout to stdout', async () => {
  const r = await ok(['run', '--rm', 'busybox', 'sh', '-c', 'echo to-out; echo to-err >&2']);
  assert.equal(r.stdout, 'to-out\n');
  assert.equal(r.stderr, 'to-err\n');
});

test('-m 64m sets the memory cgroup limit', async () => {
  assert.equal(await run('-m', '64m', 'busybox', 'cat', '/sys/fs/cgroup/memory/memory.limit_in_bytes'), '67108864');
});

test('--read-only makes the root filesystem read-only', async () => {
  await fails(['run', '--rm', '--read-only', 'busybox', 'touch', '/x'], { stderr: /Read-only file system/ });
});

test('--cap-drop ALL forbids chown', async () => {
  await fails(['run', '--rm', '--cap-drop', 'ALL', 'busybox', 'chown', '1', '/tmp'], { stderr: /Operation not permitted/ });
  await ok(['run', '--rm', 'busybox', 'chown', '1', '/tmp']); // the default set allows it
});

test('-e sets environment variables', async () => {
  assert.equal(await run('-e', 'FOO=bar', '-e', 'EMPTY=', 'busybox', 'sh', '-c', 'echo "$FOO[$EMPTY]"'), 'bar[]');
});

test('-w sets (and creates) the working directory', async () => {
  assert.equal(await run('-w', '/tmp', 'busybox', 'pwd'), '/tmp');
  assert.equal(await run('-w', '/new/dir', 'busybox', 'pwd'), '/new/dir');
});

test('-u nobody runs as uid 65534', async () => {
  assert.equal(await run('-u', 'nobody', 'busybox', 'id', '-u'), '65534');
});

test('-u uid:gid also lists the gid as a supplementary group, as Docker does', async () => {
  assert.equal(await run('-u', '1234:5678', 'busybox', 'id'), 'uid=1234 gid=5678 groups=5678');
});

test('--entrypoint replaces the entrypoint, args follow', async () => {
  assert.equal(await run('--entrypoint', 'echo', 'busybox', 'from', 'entrypoint'), 'from entrypoint');
});

test('--hostname sets the UTS hostname', async () => {
  assert.equal(await run('--hostname', 'myhost', 'busybox', 'hostname'), 'myhost');
});

test('--init puts an init process at PID 1', async () => {
  assert.equal(await run('busybox', 'cat', '/proc/1/comm'), 'cat');
  const init = await run('--init', 'busybox', 'cat', '/proc/1/comm');
  assert.notEqual(init, 'cat');
  assert.match(init, /init|tini|catatonit/);
});

test('--pids-limit sets pids.max', async () => {
  assert.equal(await run('--pids-limit', '10', 'busybox', 'cat', '/sys/fs/cgroup/pids/pids.max'), '10');
});

test('--ulimit nofile=512:512 sets the open-files limit', async () => {
  assert.equal(await run('--ulimit', 'nofile=512:512', 'busybox', 'sh', '-c', 'ulimit -n'), '512');
});

// dockerd 20.10 asks runc for every capability the kernel knows and fails
// when the host's bounding set lacks one (as on this CI machine).
function hostLacksCapabilities() {
  const last = Number(readFileSync('/proc/sys/kernel/cap_last_cap', 'utf8'));
  const bnd = BigInt(`0x${readFileSync('/proc/self/status', 'utf8').match(/^CapBnd:\s*(\w+)/m)[1]}`);
  return bnd !== (1n << BigInt(last + 1)) - 1n;
}

test('--privileged has more effective capabilities than the default', {
  skip: isDocker && hostLacksCapabilities() && 'dockerd 20.10 cannot run --privileged when the host bounding set is partial',
}, async () => {
  const capEff = async (...flags) => {
    const line = await run(...flags, 'busybox', 'grep', 'CapEff', '/proc/self/status');
    return BigInt(`0x${line.split(/\s+/)[1]}`);
  };
  const plain = await capEff();
  const privileged = await capEff('--privileged');
  assert.ok(privileged > plain, `CapEff privileged ${privileged.toString(16)} <= default ${plain.toString(16)}`);
  assert.equal(privileged & plain, plain, 'privileged must include every default capability');
});

test('a command that does not exist fails with 127', async () => {
  const r = await docker(['run', '--rm', 'busybox', 'no-such-command']);
  assert.equal(r.code, 127, r.stderr);
});
