// --platform as Docker: an image of another platform is refused at create
// (the CLI then pulls, and fails with the same words); a pull of a
// single-platform image of another platform keeps it with Docker's warning.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startHub } from '@quai/testkit';
import { fails, ok, out, useDaemon } from './setup.mjs';

useDaemon();
let hub;
before(async () => { hub = await startHub([{ name: 'alice', password: 'alice-pw' }]); });
after(async () => { await hub?.stop(); });

const mismatch = (ref) => new RegExp(`image with reference ${ref.replace(/[.]/g, '\\.')} was found but its platform \\(linux/amd64\\) does not match the specified platform \\(linux/arm64\\)`);

test('create and run --platform linux/arm64 of an amd64 image are refused with Docker\'s words', async () => {
  assert.equal(await out(['image', 'inspect', '-f', '{{.Os}}/{{.Architecture}}', 'busybox']), 'linux/amd64');
  await fails(['create', '--pull', 'never', '--platform', 'linux/arm64', 'busybox', 'true'], { stderr: mismatch('busybox') });
  await fails(['run', '--rm', '--pull', 'never', '--platform', 'linux/arm64', 'busybox', 'true'], { code: 125, stderr: mismatch('busybox') });
  assert.equal(await out(['ps', '-aq']), '', 'no container was made');
  assert.equal(await out(['run', '--rm', '--platform', 'linux/amd64', 'busybox', 'echo', 'ok']), 'ok');
  assert.equal(await out(['run', '--rm', '--platform', 'amd64', 'busybox', 'echo', 'ok']), 'ok');
});

test('pull --platform of a single-platform image warns; run then refuses it after the pull', async () => {
  const ref = `${hub.host}/alice/bb:1`;
  await ok(['login', hub.host, '-u', 'alice', '--password-stdin'], { input: 'alice-pw\n' });
  await ok(['tag', 'busybox', ref]);
  await ok(['push', ref]);
  await ok(['rmi', ref]);
  const pull = await ok(['pull', '--platform', 'linux/arm64', ref]);
  assert.match(pull.stdout, /WARNING: /);
  assert.match(pull.stdout, mismatch(ref));
  await ok(['rmi', ref]);
  const r = await fails(['run', '--rm', '--platform', 'linux/arm64', ref, 'true'], { code: 125, stderr: mismatch(ref) });
  assert.match(r.stderr, /Unable to find image/);
});
