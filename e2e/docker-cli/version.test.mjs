import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDocker, ok, useDaemon } from './setup.mjs';

useDaemon({ busybox: false, args: ['--insecure-registry', '127.0.0.1:5000', '--insecure-registry', '10.1.0.0/16', '--registry-mirror', 'http://127.0.0.1:5000'] });

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

test('docker version names the runtime, conmon and init with their versions', { skip: isDocker && 'dockerd has containerd and runc' }, async () => {
  const components = JSON.parse((await ok(['version', '--format', '{{json .Server.Components}}'])).stdout);
  for (const name of ['crun', 'conmon']) {
    const c = components.find((x) => x.Name === name);
    assert.ok(c, `no ${name} in ${JSON.stringify(components)}`);
    assert.match(c.Version, /^\d+\.\d+/, `${name}: ${JSON.stringify(c)}`);
  }
  const crun = components.find((x) => x.Name === 'crun');
  assert.match(crun.Details.GitCommit, /^[0-9a-f]{7,}$/);
  const { stdout } = await ok(['version']);
  assert.match(stdout, /^ crun:\n  Version:\s+\d+\.\d+/m);
});

test('docker info works with host:port and CIDR insecure registries', async () => {
  const { stdout } = await ok(['info']);
  const insecure = /Insecure Registries:\n((?: .*\n)+)/.exec(stdout)?.[1] ?? '';
  assert.match(insecure, /^  127\.0\.0\.1:5000$/m, stdout);
  assert.match(insecure, /^  10\.1\.0\.0\/16$/m, stdout);
  assert.match(insecure, /^  127\.0\.0\.0\/8$/m, stdout);
  assert.match(stdout, /Registry Mirrors:\n  http:\/\/127\.0\.0\.1:5000\//);
  const config = JSON.parse((await ok(['info', '--format', '{{json .RegistryConfig}}'])).stdout);
  assert.ok(!config.InsecureRegistryCIDRs.includes('127.0.0.1:5000'), JSON.stringify(config));
  assert.deepEqual(config.IndexConfigs['127.0.0.1:5000'], { Name: '127.0.0.1:5000', Mirrors: [], Secure: false, Official: false });
  assert.equal(config.IndexConfigs['docker.io'].Official, true);
});

test('docker info names the runtime and init commits', { skip: isDocker && 'dockerd has its own' }, async () => {
  const info = JSON.parse((await ok(['info', '--format', '{{json .}}'])).stdout);
  assert.match(info.RuncCommit.ID, /^[0-9a-f]{7,}$/, JSON.stringify(info.RuncCommit));
  assert.equal(info.RuncCommit.Expected, info.RuncCommit.ID);
  assert.notEqual(info.ContainerdCommit.ID, '');
  assert.notEqual(info.InitCommit.ID, '');
});
