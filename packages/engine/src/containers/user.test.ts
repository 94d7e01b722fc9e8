import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withRoot } from '../host/in-root.js';
import { resolveUser as resolveIn } from './user.js';

let root = '';
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'quai-user-'));
  await mkdir(join(root, 'etc'));
  await writeFile(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\nalice:x:1000:1000::/home/alice:/bin/sh\n');
  await writeFile(join(root, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\nalice:x:1000:\nwheel:x:10:alice\n');
});
after(() => rm(root, { recursive: true, force: true }));

const resolveUser = (dir: string, spec: string) => withRoot(dir, (r) => resolveIn(r, spec));

test('names resolve from the image passwd and group files', async () => {
  assert.deepEqual(await resolveUser(root, 'nobody'), { uid: 65534, gid: 65534, additionalGids: [65534], home: '/home' });
  assert.deepEqual(await resolveUser(root, 'alice'), { uid: 1000, gid: 1000, additionalGids: [1000, 10], home: '/home/alice' });
  assert.deepEqual(await resolveUser(root, ''), { uid: 0, gid: 0, additionalGids: [0], home: '/root' });
  assert.equal((await resolveUser(root, 'alice:wheel')).gid, 10);
});

test('numbers need no entry; unknown names are refused as Docker does', async () => {
  assert.deepEqual(await resolveUser(root, '4242:4343'), { uid: 4242, gid: 4343, additionalGids: [4343], home: '/' });
  await assert.rejects(resolveUser(root, 'mallory'), /unable to find user mallory: no matching entries in passwd file/);
});
