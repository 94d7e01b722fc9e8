// skopeo's docker-daemon: transport speaks Engine API 1.22 (GET /images/{name}/get
// and POST /images/load): images go out of and into the engine through it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { apiRequest, requireBinary, socketOf } from '@quai/testkit';
import { docker, ok, out, useDaemon } from './setup.mjs';

const ctx = useDaemon();
let scratch;
before(() => { requireBinary('skopeo'); scratch = mkdtempSync('/tmp/quai-e2e-skopeo-'); });
after(() => rmSync(scratch, { recursive: true, force: true }));

function skopeo(args) {
  return new Promise((resolve) => {
    const child = spawn('skopeo', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => { stdout += c; });
    child.stderr.on('data', (c) => { stderr += c; });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function skopeoOk(args) {
  const r = await skopeo(args);
  assert.equal(r.code, 0, `skopeo ${args.join(' ')}\n${r.stderr}`);
  return r;
}

test('old API versions (1.12 up, as Docker 20.10) are served', async () => {
  for (const v of ['1.12', '1.22']) {
    const res = await apiRequest(socketOf(ctx.daemon.dockerHost), { path: `/v${v}/version` });
    assert.equal(res.status, 200, `${v}: ${res.body}`);
  }
});

test('skopeo copy docker-daemon:busybox:latest dir: reads the image out of the engine', async () => {
  const dest = join(scratch, 'dir');
  await skopeoOk(['copy', '--src-daemon-host', ctx.daemon.dockerHost, 'docker-daemon:busybox:latest', `dir:${dest}`]);
  const manifest = JSON.parse(readFileSync(join(dest, 'manifest.json'), 'utf8'));
  const imageId = await out(['image', 'inspect', '-f', '{{.Id}}', 'busybox']);
  assert.equal(manifest.config.digest, imageId);
  for (const layer of manifest.layers) assert.ok(readdirSync(dest).includes(layer.digest.replace('sha256:', '')), layer.digest);
});

test('skopeo copies an image from oci: into docker-daemon:, and it runs', async (t) => {
  t.after(() => docker(['rmi', 'skopeo/copied:1']));
  const layout = join(scratch, 'oci');
  await skopeoOk(['copy', '--src-daemon-host', ctx.daemon.dockerHost, 'docker-daemon:busybox:latest', `oci:${layout}:bb`]);
  await skopeoOk(['copy', '--dest-daemon-host', ctx.daemon.dockerHost, `oci:${layout}:bb`, 'docker-daemon:skopeo/copied:1']);
  assert.equal(await out(['run', '--rm', 'skopeo/copied:1', 'echo', 'copied by skopeo']), 'copied by skopeo');
  await ok(['image', 'inspect', 'skopeo/copied:1']);
});
