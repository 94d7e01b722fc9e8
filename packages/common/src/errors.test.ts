import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorMessage, NotFoundError } from './errors.js';

test('a failed system call reads as Go words it: the call, the file, the reason', async () => {
  const { mkdir, rename } = await import('node:fs/promises');
  const err = await mkdir('/no/such/dir/x').catch((e: unknown) => e);
  assert.equal(errorMessage(err), 'mkdir /no/such/dir/x: no such file or directory');
  const moved = await rename('/no/such/a', '/no/such/b').catch((e: unknown) => e);
  assert.equal(errorMessage(moved), 'rename /no/such/a /no/such/b: no such file or directory');
  const write = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write', path: '/r/c.json.tmp' });
  assert.equal(errorMessage(write), 'write /r/c.json.tmp: no space left on device');
  assert.equal(errorMessage(new NotFoundError('No such container: x')), 'No such container: x');
  assert.equal(errorMessage('plain'), 'plain');
});
