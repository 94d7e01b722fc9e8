import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSpec, INIT_PATH_IN_CONTAINER, PRIVATE_ISOLATION, type Isolation, type SpecInputs } from './oci-spec.js';
import { ALL_CAPABILITIES, capabilitiesInMask, containerCapabilities, DEFAULT_CAPABILITIES } from './capabilities.js';
import { newState, type ContainerRecord } from '../containers/container-record.js';

function inputs(hostConfig: ContainerRecord['hostConfig'] = {}, config: Partial<ContainerRecord['config']> = {}, isolation: Partial<Isolation> = {}): SpecInputs {
  const container: ContainerRecord = {
    id: 'a'.repeat(64), name: 'box', created: '', imageId: 'sha256:x', imageRef: 'busybox', snapshotParent: '',
    config: { Env: ['PATH=/bin'], Cmd: ['sh'], Entrypoint: null, Labels: {}, ...config },
    hostConfig, path: 'echo', args: ['hi'], state: newState(), restartCount: 0, runtime: 'crun',
  };
  return {
    container, rootfs: '/r', user: { uid: 65534, gid: 65534, additionalGids: [] },
    etcFiles: { hostname: '/h', hosts: '/hs', resolvConf: '/rc' }, initPath: '/usr/bin/tini-static',
    cgroupsPath: '/quai/x', swapAccounting: true, hostCapabilities: ALL_CAPABILITIES,
    isolation: { ...PRIVATE_ISOLATION, ...isolation },
  };
}

const linux = (spec: Record<string, unknown>) => spec.linux as Record<string, any>;
const proc = (spec: Record<string, unknown>) => spec.process as Record<string, any>;

test('defaults: Docker capability set, masked paths, seccomp, five new namespaces', () => {
  const spec = buildSpec(inputs());
  assert.deepEqual(proc(spec).capabilities.bounding, DEFAULT_CAPABILITIES);
  assert.deepEqual(proc(spec).args, ['echo', 'hi']);
  assert.deepEqual(proc(spec).user, { uid: 65534, gid: 65534, additionalGids: [] });
  assert.ok(linux(spec).maskedPaths.includes('/proc/kcore'));
  assert.ok(linux(spec).readonlyPaths.includes('/proc/sys'));
  assert.ok(!linux(spec).readonlyPaths.includes('/sys/fs/cgroup'), 'cgroup v2: the runtime mounts cgroup2 read-only itself');
  const v1 = linux(buildSpec({ ...inputs(), cgroupV1Hierarchies: ['cpu', 'memory'] }));
  assert.deepEqual(v1.readonlyPaths.slice(-3), ['/sys/fs/cgroup', '/sys/fs/cgroup/cpu', '/sys/fs/cgroup/memory'], 'v1: the tmpfs, then each hierarchy');
  assert.deepEqual(linux(spec).namespaces.map((n: { type: string }) => n.type), ['pid', 'mount', 'uts', 'ipc', 'network']);
  assert.equal(spec.hostname, 'aaaaaaaaaaaa');
  const shm = (spec.mounts as Array<{ destination: string; type: string }>).find((m) => m.destination === '/dev/shm');
  assert.equal(shm?.type, 'tmpfs');
  assert.deepEqual(linux(spec).resources.devices[0], { allow: false, access: 'rwm' });
  assert.deepEqual(linux(spec).resources.devices.at(-1), { allow: false, type: 'c', major: 10, minor: 229, access: 'rwm' }, 'fuse stays denied');
});

test('seccomp: an allow-list as Docker\'s, the guarded calls back with their capability', () => {
  const seccomp = linux(buildSpec(inputs())).seccomp;
  assert.equal(seccomp.defaultAction, 'SCMP_ACT_ERRNO');
  assert.equal(seccomp.defaultErrnoRet, 1);
  assert.deepEqual(seccomp.architectures.slice(0, 1), ['SCMP_ARCH_X86_64']);
  const allowed = (s: typeof seccomp) => s.syscalls.filter((r: { action: string; args?: unknown }) => r.action === 'SCMP_ACT_ALLOW' && !r.args).flatMap((r: { names: string[] }) => r.names);
  for (const name of ['read', 'openat', 'clone', 'mount', 'unshare', 'keyctl', 'kexec_load', 'io_uring_setup']) {
    assert.equal(allowed(seccomp).includes(name), ['read', 'openat'].includes(name), name);
  }
  assert.ok(allowed(seccomp).includes('ptrace'), 'ptrace is allowed on kernels from 4.8');
  assert.deepEqual(seccomp.syscalls.find((r: { names: string[] }) => r.names.includes('clone3')), { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 });
  const admin = linux(buildSpec(inputs({ CapAdd: ['SYS_ADMIN'] }))).seccomp;
  assert.ok(allowed(admin).includes('mount') && allowed(admin).includes('clone3'));
  assert.equal(linux(buildSpec(inputs({ SecurityOpt: ['seccomp=unconfined'] }))).seccomp, undefined);
  const own = linux(buildSpec(inputs({ SecurityOpt: ['seccomp={"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir"],"action":"SCMP_ACT_ERRNO"}]}'] }))).seccomp;
  assert.deepEqual(own, { defaultAction: 'SCMP_ACT_ALLOW', architectures: [], syscalls: [{ names: ['mkdir'], action: 'SCMP_ACT_ERRNO' }] });
});

test('no-new-privileges and writable-cgroups as Docker reads --security-opt', () => {
  assert.equal(proc(buildSpec(inputs())).noNewPrivileges, false);
  assert.equal(proc(buildSpec(inputs({ SecurityOpt: ['no-new-privileges'] }))).noNewPrivileges, true);
  assert.equal(proc(buildSpec(inputs({ SecurityOpt: ['no-new-privileges:true'] }))).noNewPrivileges, true);
  assert.equal(proc(buildSpec(inputs({ SecurityOpt: ['no-new-privileges=false'] }))).noNewPrivileges, false);
  const cgroupOptions = (spec: Record<string, unknown>) => (spec.mounts as Array<{ type: string; options: string[] }>).find((m) => m.type === 'cgroup')!.options;
  assert.ok(cgroupOptions(buildSpec(inputs())).includes('ro'));
  const writable = buildSpec({ ...inputs({ SecurityOpt: ['writable-cgroups=true'] }), cgroupV1Hierarchies: ['memory'] });
  assert.ok(cgroupOptions(writable).includes('rw'));
  assert.ok(!linux(writable).readonlyPaths.includes('/sys/fs/cgroup'));
});

test('host and joined namespaces: none made, or the path given; no hostname, no init without a pid namespace of its own', () => {
  const spec = buildSpec(inputs({ Init: true }, {}, { pid: 'host', uts: 'host', ipc: { path: '/proc/7/ns/ipc' }, shm: { source: '/x/shm' } }));
  assert.deepEqual(linux(spec).namespaces, [{ type: 'mount' }, { type: 'ipc', path: '/proc/7/ns/ipc' }, { type: 'network' }]);
  assert.equal(spec.hostname, undefined);
  assert.deepEqual(proc(spec).args, ['echo', 'hi']);
  const shm = (spec.mounts as Array<{ destination: string; source: string }>).find((m) => m.destination === '/dev/shm');
  assert.equal(shm?.source, '/x/shm');
  assert.deepEqual(linux(buildSpec(inputs({}, {}, { cgroup: 'new' }))).namespaces.at(-1), { type: 'cgroup' });
  const none = buildSpec(inputs({}, {}, { shm: 'none' }));
  assert.ok(!(none.mounts as Array<{ destination: string }>).some((m) => m.destination === '/dev/shm'));
});

test('devices: the nodes and their cgroup rules follow the defaults', () => {
  const dev = { path: '/dev/xloop', type: 'b' as const, major: 7, minor: 0, fileMode: 0o660, uid: 0, gid: 6 };
  const spec = buildSpec(inputs({}, {}, { devices: [dev], deviceRules: [{ allow: true, type: 'b', major: 7, minor: 0, access: 'r' }] }));
  assert.deepEqual(linux(spec).devices, [dev]);
  assert.deepEqual(linux(spec).resources.devices.at(-1), { allow: true, type: 'b', major: 7, minor: 0, access: 'r' });
});

test('resources: memory with Docker swap default, cpus as CFS quota, pids', () => {
  const spec = buildSpec(inputs({ Memory: 64 * 1024 * 1024, NanoCpus: 1_500_000_000, CpuShares: 512, PidsLimit: 10 }));
  const r = linux(spec).resources;
  assert.deepEqual(r.memory, { limit: 67108864, swap: 134217728 });
  assert.deepEqual(r.cpu, { shares: 512, period: 100000, quota: 150000 });
  assert.deepEqual(r.pids, { limit: 10 });
});

test('privileged: every capability, no seccomp, no masked paths, all devices, writable /sys and cgroups', () => {
  const spec = buildSpec(inputs({ Privileged: true }));
  assert.ok(proc(spec).capabilities.bounding.includes('CAP_SYS_ADMIN'));
  assert.equal(linux(spec).seccomp, undefined);
  assert.equal(linux(spec).maskedPaths, undefined);
  assert.equal(linux(spec).readonlyPaths, undefined);
  assert.deepEqual(linux(spec).resources.devices, [{ allow: true, access: 'rwm' }]);
  const options = (dest: string) => (spec.mounts as Array<{ destination: string; options: string[] }>).find((m) => m.destination === dest)!.options;
  assert.ok(options('/sys').includes('rw') && options('/sys/fs/cgroup').includes('rw'));
});

test('init, read-only rootfs, ulimits and sysctls reach the spec', () => {
  const spec = buildSpec(inputs({ Init: true, ReadonlyRootfs: true, Ulimits: [{ Name: 'nofile', Soft: 512, Hard: 1024 }], Sysctls: { 'net.ipv4.ip_forward': '1' } }));
  assert.deepEqual(proc(spec).args, [INIT_PATH_IN_CONTAINER, '--', 'echo', 'hi']);
  assert.ok((spec.mounts as Array<{ destination: string }>).some((m) => m.destination === INIT_PATH_IN_CONTAINER));
  assert.equal((spec.root as { readonly: boolean }).readonly, true);
  assert.deepEqual(proc(spec).rlimits, [{ type: 'RLIMIT_NOFILE', soft: 512, hard: 1024 }]);
  assert.deepEqual(linux(spec).sysctl, { 'net.ipv4.ip_forward': '1' });
  assert.throws(() => buildSpec(inputs({ Ulimits: [{ Name: 'bogus', Soft: 1, Hard: 1 }] })), /invalid ulimit type/);
});

test('cap-drop ALL then cap-add keeps only the added capability', () => {
  assert.deepEqual(containerCapabilities({ capDrop: ['ALL'], capAdd: ['net_admin'] }), ['CAP_NET_ADMIN']);
  assert.ok(!containerCapabilities({ capDrop: ['CHOWN'] }).includes('CAP_CHOWN'));
  assert.throws(() => containerCapabilities({ capAdd: ['NOPE'] }), /unknown capability/);
});

test('privileged grants only what the daemon holds (CapBnd)', () => {
  const held = capabilitiesInMask('000001fffeffffff');
  assert.ok(!held.includes('CAP_SYS_RESOURCE'));
  assert.ok(held.includes('CAP_SYS_ADMIN') && held.includes('CAP_CHECKPOINT_RESTORE'));
  assert.deepEqual(containerCapabilities({ privileged: true, available: held }), held);
});
