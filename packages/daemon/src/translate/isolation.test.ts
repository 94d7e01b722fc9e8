import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkIsolationOptions } from './isolation.js';

test('isolation options: Docker\'s defaults and refusals at create', () => {
  assert.deepEqual(checkIsolationOptions({}, {}), { IpcMode: 'private', PidMode: '', UTSMode: '', Devices: [] });
  for (const IpcMode of ['shareable', 'none', 'host', 'container:db']) assert.equal(checkIsolationOptions({ IpcMode }, {}).IpcMode, IpcMode);
  assert.throws(() => checkIsolationOptions({ IpcMode: 'bogus' }, {}), /invalid IPC mode: bogus/);
  assert.throws(() => checkIsolationOptions({ PidMode: 'container:' }, {}), /invalid PID mode: container:/);
  assert.throws(() => checkIsolationOptions({ UTSMode: 'private' }, {}), /invalid UTS mode: private/);
  assert.throws(() => checkIsolationOptions({ UTSMode: 'host' }, { Hostname: 'box' }), /conflicting options: hostname and the UTS mode/);
  assert.throws(() => checkIsolationOptions({ DeviceCgroupRules: ['c 1:3'] }, {}), /invalid device cgroup rule format: 'c 1:3'/);
});

test('--device: the container path and permissions default as the CLI fills them', () => {
  const { Devices } = checkIsolationOptions({ Devices: [{ PathOnHost: '/dev/fuse', PathInContainer: '', CgroupPermissions: '' }] }, {});
  assert.deepEqual(Devices, [{ PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rwm' }]);
  assert.throws(() => checkIsolationOptions({ Devices: [{ PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rwx' }] }, {}), /invalid device mode: rwx/);
  assert.throws(() => checkIsolationOptions({ Devices: [{ PathOnHost: 'fuse', PathInContainer: '', CgroupPermissions: 'r' }] }, {}), /not an absolute path/);
});
