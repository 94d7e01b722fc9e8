// Docker's default hardening, checked from inside containers: capabilities,
// the seccomp profile (system calls tried by a small static probe), masked
// and read-only paths, no-new-privileges, read-only cgroups.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { requireBinary } from '@quai/testkit';
import { fails, out, useDaemon } from './setup.mjs';

useDaemon();

const run = (...args) => out(['run', '--rm', ...args]);
const dir = mkdtempSync('/tmp/quai-hardening-');
after(() => rmSync(dir, { recursive: true, force: true }));

before(() => {
  execFileSync(requireBinary('gcc'), ['-static', '-O2', '-o', join(dir, 'probe'), new URL('./syscall-probe.c', import.meta.url).pathname]);
});

/** `name=result` lines of the probe run with these `docker run` flags. */
async function probe(...flags) {
  const lines = await run(...flags, '-v', `${dir}:/probe:ro`, 'busybox', '/probe/probe');
  return Object.fromEntries(lines.split('\n').map((l) => l.split('=')));
}

test('the default capabilities are Docker\'s fourteen', async () => {
  // chown dac_override fowner fsetid kill setgid setuid setpcap net_bind_service net_raw sys_chroot mknod audit_write setfcap
  assert.match(await run('busybox', 'grep', 'CapEff', '/proc/self/status'), /CapEff:\s*00000000a80425fb/);
  assert.match(await run('--cap-drop', 'ALL', '--cap-add', 'NET_ADMIN', 'busybox', 'grep', 'CapEff', '/proc/self/status'), /CapEff:\s*0000000000001000/);
});

test('the default seccomp profile answers as Docker\'s: an allow-list, EPERM for the rest', async () => {
  assert.match(await run('busybox', 'grep', 'Seccomp:', '/proc/self/status'), /Seccomp:\s*2/);
  assert.deepEqual(await probe(), {
    io_uring_setup: 'EPERM', keyctl: 'EPERM', unshare: 'EPERM', clone3: 'ENOSYS', ptrace: '0',
    personality_query: '0', socket_vsock: 'EPERM', socket_inet: '0', personality_other: 'EPERM',
  });
});

test('an exec runs under the container\'s profile too (the program the engine compiled, as crun loads it at start)', async () => {
  const id = await out(['run', '-d', '-v', `${dir}:/probe:ro`, 'busybox', 'sleep', '60']);
  try {
    assert.match(await out(['exec', id, 'grep', 'Seccomp:', '/proc/self/status']), /Seccomp:\s*2/);
    const lines = await out(['exec', id, '/probe/probe']);
    const answers = Object.fromEntries(lines.split('\n').map((l) => l.split('=')));
    assert.equal(answers.keyctl, 'EPERM');
    assert.equal(answers.personality_other, 'EPERM');
    assert.equal(answers.socket_inet, '0');
  } finally {
    await out(['rm', '-f', id]);
  }
});

test('a capability brings back the calls it guards; unconfined has no filter', async () => {
  const admin = await probe('--cap-add', 'SYS_ADMIN');
  assert.equal(admin.unshare, '0');
  assert.equal(admin.clone3, 'EINVAL', 'clone3 reaches the kernel');
  assert.equal(admin.keyctl, 'EPERM');
  const unconfined = await probe('--security-opt', 'seccomp=unconfined');
  assert.equal(unconfined.keyctl, '0');
  assert.equal(unconfined.personality_other, '0');
  assert.match(await run('--security-opt', 'seccomp=unconfined', 'busybox', 'grep', 'Seccomp:', '/proc/self/status'), /Seccomp:\s*0/);
});

test('--security-opt seccomp=FILE applies the profile the CLI sends', async () => {
  const profile = join(dir, 'no-mkdir.json');
  writeFileSync(profile, JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['mkdir', 'mkdirat'], action: 'SCMP_ACT_ERRNO' }] }));
  await fails(['run', '--rm', '--security-opt', `seccomp=${profile}`, 'busybox', 'mkdir', '/tmp/x'], { stderr: /Operation not permitted/ });
  assert.equal(await run('--security-opt', `seccomp=${profile}`, 'busybox', 'sh', '-c', 'touch /tmp/y && echo touched'), 'touched');
});

test('masked paths read empty, read-only paths refuse writes', async () => {
  const masked = await run('busybox', 'sh', '-c', 'for f in /proc/interrupts /proc/keys /proc/timer_list; do printf "%s=%s " $f $(wc -c < $f); done; ls /sys/firmware | wc -l');
  assert.equal(masked, '/proc/interrupts=0 /proc/keys=0 /proc/timer_list=0 0');
  await fails(['run', '--rm', 'busybox', 'sh', '-c', 'echo 1 > /proc/sys/kernel/domainname'], { stderr: /Read-only file system/ });
});

test('/sys/fs/cgroup is read-only inside a container, the tmpfs of cgroup v1 included', async () => {
  await fails(['run', '--rm', 'busybox', 'mkdir', '/sys/fs/cgroup/made'], { stderr: /Read-only file system/ });
  await fails(['run', '--rm', 'busybox', 'sh', '-c', 'for d in /sys/fs/cgroup/*/; do mkdir "$d/made" || exit 1; done; ls /sys/fs/cgroup'], { stderr: /Read-only file system/ });
  await fails(['run', '--rm', '-m', '32m', 'busybox', 'sh', '-c', 'echo -1 > /sys/fs/cgroup/memory/memory.limit_in_bytes || echo -1 > /sys/fs/cgroup/memory.max'],
    { stderr: /Read-only file system/ });
  await fails(['run', '--rm', 'busybox', 'touch', '/sys/kernel/x'], { stderr: /Read-only file system/ });
});

test('--security-opt no-new-privileges sets the flag the kernel checks at exec', async () => {
  assert.match(await run('busybox', 'grep', 'NoNewPrivs', '/proc/self/status'), /NoNewPrivs:\s*0/);
  assert.match(await run('--security-opt', 'no-new-privileges', 'busybox', 'grep', 'NoNewPrivs', '/proc/self/status'), /NoNewPrivs:\s*1/);
  assert.match(await run('--security-opt', 'no-new-privileges:true', 'busybox', 'grep', 'NoNewPrivs', '/proc/self/status'), /NoNewPrivs:\s*1/);
});
