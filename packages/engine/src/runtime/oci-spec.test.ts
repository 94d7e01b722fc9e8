import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSpec, INIT_PATH_IN_CONTAINER, type SpecInputs } from './oci-spec.js';
import { ALL_CAPABILITIES, capabilitiesInMask, containerCapabilities, DEFAULT_CAPABILITIES } from './capabilities.js';
import { newState, type ContainerRecord } from '../containers/container-record.js';

function inputs(hostConfig: ContainerRecord['hostConfig'] = {}, config: Partial<ContainerRecord['config']> = {}): SpecInputs {
  const container: ContainerRecord = {
    id: 'a'.repeat(64), name: 'box', created: '', imageId: 'sha256:x', imageRef: 'busybox', snapshotParent: '',
    config: { Env: ['PATH=/bin'], Cmd: ['sh'], Entrypoint: null, Labels: {}, ...config },
    hostConfig, path: 'echo', args: ['hi'], state: newState(), restartCount: 0, runtime: 'crun',
  };
  return {
    container, rootfs: '/r', user: { uid: 65534, gid: 65534, additionalGids: [] },
    etcFiles: { hostname: '/h', hosts: '/hs', resolvConf: '/rc' }, initPath: '/usr/bin/tini-static',
    cgroupsPath: '/quai/x', swapAccounting: true, hostCapabilities: ALL_CAPABILITIES,
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
  assert.ok(linux(spec).seccomp.syscalls[0].names.includes('kexec_load'));
  assert.deepEqual(linux(spec).namespaces.map((n: { type: string }) => n.type), ['pid', 'mount', 'uts', 'ipc', 'network']);
  assert.equal(spec.hostname, 'aaaaaaaaaaaa');
});

test('resources: memory with Docker swap default, cpus as CFS quota, pids', () => {
  const spec = buildSpec(inputs({ Memory: 64 * 1024 * 1024, NanoCpus: 1_500_000_000, CpuShares: 512, PidsLimit: 10 }));
  const r = linux(spec).resources;
  assert.deepEqual(r.memory, { limit: 67108864, swap: 134217728 });
  assert.deepEqual(r.cpu, { shares: 512, period: 100000, quota: 150000 });
  assert.deepEqual(r.pids, { limit: 10 });
});

test('privileged: every capability, no seccomp, no masked paths, all devices', () => {
  const spec = buildSpec(inputs({ Privileged: true }));
  assert.ok(proc(spec).capabilities.bounding.includes('CAP_SYS_ADMIN'));
  assert.equal(linux(spec).seccomp, undefined);
  assert.equal(linux(spec).maskedPaths, undefined);
  assert.deepEqual(linux(spec).resources.devices, [{ allow: true, access: 'rwm' }]);
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
