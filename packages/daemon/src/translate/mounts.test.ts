import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromApiMount, fromTmpfs, mountRequests, parseBind, volumesFrom } from './mounts.js';

test('-v specs: host paths are binds, names are volumes, options parsed', () => {
  assert.deepEqual(parseBind('/srv/www:/www:ro'), { type: 'bind', source: '/srv/www', destination: '/www', rw: false, mode: 'ro', propagation: 'rprivate', createSource: true, asTyped: '-v /srv/www:/www:ro' });
  const v = parseBind('data:/data:nocopy');
  assert.equal(v.type, 'volume');
  assert.equal(v.name, 'data');
  assert.equal(v.noCopy, true);
  assert.equal(parseBind('/a:/b:rshared').propagation, 'rshared');
  assert.throws(() => parseBind('data:relative'), /must be absolute/);
  assert.throws(() => parseBind('/a:/b:bogus'), /invalid mode: bogus/);
  assert.throws(() => parseBind('/only'), /invalid volume specification/);
});

test('--mount and --tmpfs', () => {
  assert.deepEqual(fromApiMount({ Type: 'bind', Source: '/h', Target: '/c', ReadOnly: true }), { type: 'bind', source: '/h', destination: '/c', rw: false, mode: '', propagation: 'rprivate', asTyped: '--mount type=bind,source=/h' });
  assert.equal(fromApiMount({ Type: 'volume', Target: '/v' }).name, undefined);
  assert.deepEqual(fromApiMount({ Type: 'tmpfs', Target: '/t', TmpfsOptions: { SizeBytes: 1024, Mode: 0o1777 } }).options, ['size=1024', 'mode=1777']);
  assert.throws(() => fromApiMount({ Type: 'tmpfs', Source: 'x', Target: '/t' }), /Source must not be specified/);
  assert.throws(() => fromApiMount({ Type: 'nfs', Target: '/t' }), /mount type unknown/);
  const t = fromTmpfs('/run', 'ro,size=64m');
  assert.equal(t.rw, false);
  assert.deepEqual(t.options, ['size=64m']);
});

test('binds, mounts and tmpfs in one list, in that order; --volumes-from modes', () => {
  const list = mountRequests({ Tmpfs: { '/run': '' }, Mounts: [{ Type: 'volume', Source: 'v', Target: '/v', VolumeOptions: { DriverConfig: { Options: { type: 'nfs' } } } }], Binds: ['/h:/b'] });
  assert.deepEqual(list.map((m) => [m.type, m.destination]), [['bind', '/b'], ['volume', '/v'], ['tmpfs', '/run']]);
  assert.deepEqual(list[1]!.driverOptions, { type: 'nfs' });
  assert.deepEqual(volumesFrom({ VolumesFrom: ['web', 'db:ro'] }), [{ ref: 'web' }, { ref: 'db', mode: 'ro' }]);
  assert.throws(() => volumesFrom({ VolumesFrom: ['db:rx'] }), /invalid mode: rx/);
});
