// Host and shared namespaces (--pid, --ipc, --uts), devices (--device,
// --device-cgroup-rule) and --privileged, seen from inside the container.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readlinkSync, rmSync, lstatSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fails, ok, out, removeAfter, useDaemon } from './setup.mjs';

useDaemon();

const run = (...args) => out(['run', '--rm', ...args]);
const scratch = mkdtempSync('/tmp/quai-isolation-');
after(() => rmSync(scratch, { recursive: true, force: true }));

test('--pid host shows the host\'s processes, the default only the container\'s', async () => {
  const mine = `/proc/${process.pid}/cmdline`;
  assert.match(await run('--pid', 'host', 'busybox', 'cat', mine), /node/);
  await fails(['run', '--rm', 'busybox', 'cat', mine]);
  assert.equal(await run('busybox', 'cat', '/proc/1/comm'), 'cat');
});

test('--uts host has the host\'s hostname and refuses --hostname', async () => {
  assert.equal(await run('--uts', 'host', 'busybox', 'hostname'), hostname());
  assert.notEqual(await run('busybox', 'hostname'), hostname());
  await fails(['run', '--rm', '--uts', 'host', '--hostname', 'box', 'busybox', 'true'], { stderr: /conflicting options: hostname and the UTS mode/ });
});

test('--ipc host joins the host\'s IPC namespace and /dev/shm; --ipc none has no /dev/shm', async () => {
  const hostIpc = readlinkSync('/proc/self/ns/ipc');
  assert.equal(await run('--ipc', 'host', 'busybox', 'readlink', '/proc/self/ns/ipc'), hostIpc);
  assert.notEqual(await run('busybox', 'readlink', '/proc/self/ns/ipc'), hostIpc);
  assert.equal(await run('--ipc', 'none', 'busybox', 'sh', '-c', 'grep -c " /dev/shm " /proc/self/mountinfo || true'), '0');
});

test('--cgroupns private roots /proc/self/cgroup at the container\'s own cgroup', async () => {
  const memoryLine = (text) => text.split('\n').find((l) => /:memory:|^0::/.test(l));
  assert.match(memoryLine(await run('--cgroupns', 'private', 'busybox', 'cat', '/proc/self/cgroup')), /:\/$/);
  assert.match(memoryLine(await run('--cgroupns', 'host', 'busybox', 'cat', '/proc/self/cgroup')), /:\/.+/);
});

test('--pid and --ipc container:X share X\'s processes, IPC namespace and /dev/shm', async (t) => {
  removeAfter(t, 'ipc-donor');
  await ok(['run', '-d', '--name', 'ipc-donor', '--ipc', 'shareable', 'busybox', 'sh', '-c', 'echo from-donor > /dev/shm/marker; exec sleep 300']);
  assert.equal(await out(['inspect', '-f', '{{.HostConfig.IpcMode}}', 'ipc-donor']), 'shareable');
  const donorIpc = await out(['exec', 'ipc-donor', 'readlink', '/proc/1/ns/ipc']);
  const seen = await run('--pid', 'container:ipc-donor', '--ipc', 'container:ipc-donor', 'busybox', 'sh', '-c',
    'cat /proc/1/cmdline | tr "\\0" " "; echo; readlink /proc/self/ns/ipc; cat /dev/shm/marker');
  assert.deepEqual(seen.split('\n'), ['sleep 300 ', donorIpc, 'from-donor']);
});

test('joining the namespaces of a private, stopped or missing container is refused as Docker does', async (t) => {
  removeAfter(t, 'ipc-private');
  await ok(['run', '-d', '--name', 'ipc-private', 'busybox', 'sleep', '300']);
  assert.equal(await out(['inspect', '-f', '{{.HostConfig.IpcMode}}', 'ipc-private']), 'private');
  await fails(['run', '--rm', '--ipc', 'container:ipc-private', 'busybox', 'true'],
    { stderr: /failed to join IPC namespace: container ipc-private: non-shareable IPC \(hint: use IpcMode:shareable for the donor container\)/ });
  await ok(['stop', '-t', '0', 'ipc-private']);
  await fails(['run', '--rm', '--pid', 'container:ipc-private', 'busybox', 'true'], { stderr: /failed to join PID namespace: container ipc-private is not running/ });
  await fails(['run', '--rm', '--pid', 'container:no-such-box', 'busybox', 'true'], { stderr: /failed to join PID namespace: No such container: no-such-box/ });
});

// Major 42 is reserved for demos: no driver, so an allowed open fails with
// ENXIO ("No such device or address") where the device cgroup says EPERM.
test('--device creates the node with its cgroup permissions', async () => {
  const node = join(scratch, 'dev42');
  execFileSync('mknod', [node, 'c', '42', '7']);
  const listing = await run('--device', `${node}:/dev/d42:r`, 'busybox', 'ls', '-l', '/dev/d42');
  assert.match(listing, /^c.* 42,\s+7 /);
  const readOnly = await run('--device', `${node}:/dev/d42:r`, 'busybox', 'sh', '-c', 'cat /dev/d42 2>&1; echo x 2>&1 > /dev/d42; true');
  assert.match(readOnly, /cat: can't open '\/dev\/d42': No such device or address/);
  assert.match(readOnly, /can't create \/dev\/d42: Operation not permitted/);
  const readWrite = await run('--device', `${node}:/dev/d42:rw`, 'busybox', 'sh', '-c', 'echo x 2>&1 > /dev/d42; true');
  assert.match(readWrite, /can't create \/dev\/d42: No such device or address/);
  await fails(['run', '--rm', '--device', '/dev/no-such-device', 'busybox', 'true'],
    { stderr: /error gathering device information while adding custom device "\/dev\/no-such-device": no such file or directory/ });
});

test('--device-cgroup-rule lets a node the container made be opened', async () => {
  const probe = 'mknod /dev/x c 42 0 && cat /dev/x 2>&1; true';
  assert.match(await run('busybox', 'sh', '-c', probe), /Operation not permitted/);
  assert.match(await run('--device-cgroup-rule', 'c 42:* rmw', 'busybox', 'sh', '-c', probe), /No such device or address/);
});

/**
 * Device nodes under the host's /dev as Docker hands them to --privileged
 * (no pts, shm, console; ptmx is the runtime's link to the container's pts/ptmx).
 */
function hostDeviceNames(dir = '/dev', prefix = '') {
  const names = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const name = prefix + entry.name;
    if (entry.isDirectory()) {
      if (!['pts', 'shm', 'fd', 'mqueue'].includes(entry.name)) names.push(...hostDeviceNames(join(dir, entry.name), `${name}/`));
    } else if (entry.name !== 'console' && entry.name !== 'ptmx') {
      const st = lstatSync(join(dir, entry.name));
      if (st.isCharacterDevice() || st.isBlockDevice()) names.push(name);
    }
  }
  return names;
}

test('--privileged: the host\'s devices, every capability, no seccomp, nothing masked, /sys and cgroups writable', async () => {
  const inside = new Set((await run('--privileged', 'busybox', 'find', '/dev', '-type', 'c', '-o', '-type', 'b')).split('\n').map((p) => p.slice('/dev/'.length)));
  const missing = hostDeviceNames().filter((name) => !inside.has(name));
  assert.deepEqual(missing, [], 'every host device node is in the privileged container');
  assert.ok(inside.size > 20, `${inside.size} device nodes`);
  const status = await run('--privileged', 'busybox', 'grep', '-E', '^(Seccomp|CapEff):', '/proc/self/status');
  const capBnd = /^CapBnd:\s*(\w+)/m.exec(execFileSync('cat', ['/proc/self/status'], { encoding: 'utf8' }))[1];
  assert.match(status, new RegExp(`CapEff:\\s*${capBnd}`));
  assert.match(status, /Seccomp:\s*0/);
  const sys = await run('--privileged', 'busybox', 'sh', '-c', 'grep " /sys " /proc/self/mountinfo | cut -d" " -f6; mkdir /sys/fs/cgroup/made && echo cgroup-writable');
  assert.match(sys, /^rw,.*\ncgroup-writable$/);
  assert.notEqual(await run('--privileged', 'busybox', 'sh', '-c', 'wc -c < /proc/interrupts'), '0');
});
