import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDocker, ok, useDaemon } from './setup.mjs';

useDaemon({ busybox: false });

test('docker version shows a Server section', async () => {
  const { stdout } = await ok(['version']);
  assert.match(stdout, /^Client:/m);
  assert.match(stdout, /^Server:/m);
  assert.match(stdout, /^ Engine:/m);
});

test('the server calls itself quai', { skip: isDocker && 'real dockerd is not quai' }, async () => {
  const server = JSON.parse((await ok(['version', '--format', '{{json .Server}}'])).stdout);
  const names = [server.Platform?.Name, ...(server.Components ?? []).map((c) => c.Name)];
  assert.ok(names.some((n) => /quai/i.test(n ?? '')), `no "quai" in server names: ${JSON.stringify(names)}`);
});

test('docker version --format reads the server API version', async () => {
  const { stdout } = await ok(['version', '--format', '{{.Server.APIVersion}}']);
  assert.match(stdout.trim(), /^1\.\d+$/);
});
