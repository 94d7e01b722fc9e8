import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deviceAt, devicesFromPath, splitDeviceNumber } from './devices.js';

test('dev_t splits into major and minor as glibc does', () => {
  assert.deepEqual(splitDeviceNumber(0x103n), { major: 1, minor: 3 });
  assert.deepEqual(splitDeviceNumber((259n << 8n) | 5n), { major: 259, minor: 5 });
  // glibc's makedev: the low 12 bits of major and 8 of minor first, the rest above bit 32 and 20.
  const makedev = (major: bigint, minor: bigint) => ((major & 0xfffn) << 8n) | ((major & ~0xfffn) << 32n) | (minor & 0xffn) | ((minor & ~0xffn) << 12n);
  assert.deepEqual(splitDeviceNumber(makedev(0x12345n, 0x6789n)), { major: 0x12345, minor: 0x6789 });
});

test('a device node reads as Docker\'s DeviceFromPath; anything else is refused in its words', async () => {
  assert.deepEqual(await deviceAt('/dev/null'), { type: 'c', major: 1, minor: 3, fileMode: 0o666, uid: 0, gid: 0 });
  assert.equal(await deviceAt('/etc/hostname'), undefined);
  assert.deepEqual((await devicesFromPath('/dev/null', '/dev/x'))[0]?.path, '/dev/x');
  await assert.rejects(devicesFromPath('/etc/hostname', '/x'), /error gathering device information while adding custom device "\/etc\/hostname": not a device node/);
  await assert.rejects(devicesFromPath('/dev/no-such', '/x'), /"\/dev\/no-such": no such file or directory/);
});
