// `docker load` of compressed archives (gzip, bzip2, xz, as dockerd reads
// them), and bad or truncated archives reported in the JSON stream (a 200
// with an errorDetail line, as dockerd answers) rather than a 500.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { apiRequest, busyboxArchive, ping } from '@quai/testkit';
import { fails, ok, out, useDaemon } from './setup.mjs';

const ctx = useDaemon({ busybox: false });
const dir = mkdtempSync('/tmp/quai-test-load-');
after(() => rmSync(dir, { recursive: true, force: true }));

const archive = () => readFileSync(busyboxArchive());

for (const [tool, ext] of [['gzip', 'gz'], ['bzip2', 'bz2'], ['xz', 'xz']]) {
  test(`docker load -i busybox.tar.${ext} (${tool})`, async () => {
    const file = join(dir, `busybox.tar.${ext}`);
    writeFileSync(file, execFileSync(tool, ['-c'], { input: archive(), maxBuffer: 1 << 30 }));
    await ok(['rmi', '-f', 'busybox']).catch(() => {});
    assert.match(await out(['load', '-i', file]), /Loaded image: busybox:latest/);
    assert.equal(await out(['run', '--rm', 'busybox', 'echo', `from ${ext}`]), `from ${ext}`);
  });
}

/** The lines of a POST /images/load answer. */
async function load(body) {
  const res = await apiRequest(ctx.daemon.socket, { method: 'POST', path: '/images/load', body, headers: { 'Content-Type': 'application/x-tar' } });
  return { status: res.status, lines: res.body.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l)) };
}

test('a truncated archive is an error line in a 200 stream, and docker load exits 1 with it', async () => {
  const whole = archive();
  const cut = whole.subarray(0, Math.floor(whole.length / 2) + 100);
  const res = await load(cut);
  assert.equal(res.status, 200);
  const last = res.lines.at(-1);
  assert.equal(last.errorDetail?.message, 'unexpected EOF', JSON.stringify(res.lines));
  assert.equal(last.error, 'unexpected EOF');
  await fails(['load'], { input: cut, stderr: /unexpected EOF/ });
  const gz = execFileSync('gzip', ['-c'], { input: whole, maxBuffer: 1 << 30 });
  await fails(['load'], { input: gz.subarray(0, gz.length - 4096), stderr: /unexpected end of file|unexpected EOF/ });
  const xz = execFileSync('xz', ['-c'], { input: whole, maxBuffer: 1 << 30 });
  await fails(['load'], { input: xz.subarray(0, xz.length - 4096), stderr: /xz: .*(Unexpected end of input|corrupt)/i });
});

test('garbage, an empty body and a tar without a manifest are error lines too', async () => {
  const garbage = await load(Buffer.from('this is not a tar archive at all, not even close'.repeat(40)));
  assert.equal(garbage.status, 200);
  assert.equal(garbage.lines.at(-1).errorDetail?.message, 'archive/tar: invalid tar header');
  const empty = await load(Buffer.alloc(0));
  assert.equal(empty.status, 200);
  assert.match(empty.lines.at(-1).errorDetail?.message ?? '', /neither manifest\.json nor index\.json/);
  const plain = mkdtempSync(join(dir, 'plain-'));
  writeFileSync(join(plain, 'hello.txt'), 'hello\n');
  const noManifest = await load(execFileSync('tar', ['-c', '-C', plain, '.']));
  assert.match(noManifest.lines.at(-1).errorDetail?.message ?? '', /neither manifest\.json nor index\.json/);
  const badCompression = await load(Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(200, 7)]));
  assert.equal(badCompression.status, 200);
  assert.ok(badCompression.lines.at(-1).errorDetail?.message, JSON.stringify(badCompression.lines));
  assert.ok(await ping(ctx.daemon.socket));
});
