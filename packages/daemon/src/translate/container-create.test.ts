import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkHostConfig, containerSpec, parseLink } from './container-create.js';

test('host config checks with Docker messages', () => {
  assert.throws(() => checkHostConfig({ Memory: 1024 }), /Minimum memory limit allowed is 6MB/);
  assert.throws(() => checkHostConfig({ Memory: 64e6, MemorySwap: 32e6 }), /memoryswap limit should be larger/);
  assert.throws(() => checkHostConfig({ MemorySwap: 64e6 }), /always set the Memory limit/);
  assert.throws(() => checkHostConfig({ NanoCpus: 1e9, CpuQuota: 50000 }), /Nano CPUs and CPU Period cannot both be set/);
  assert.throws(() => checkHostConfig({ AutoRemove: true, RestartPolicy: { Name: 'always' } }), /AutoRemove/);
  assert.throws(() => checkHostConfig({ RestartPolicy: { Name: 'sometimes' as never } }), /invalid restart policy/);
  assert.throws(() => checkHostConfig({ CapAdd: ['NOT_A_CAP'] }), /NOT_A_CAP/);
});

test('host config: Docker\'s defaults are recorded', () => {
  const hc = checkHostConfig({ NetworkMode: 'default', LogConfig: { Type: '', Config: { 'max-size': '1m' } } });
  assert.deepEqual(hc.RestartPolicy, { Name: 'no', MaximumRetryCount: 0 });
  assert.equal(hc.NetworkMode, 'bridge');
  assert.deepEqual(hc.LogConfig, { Type: 'json-file', Config: { 'max-size': '1m' } });
  assert.equal(hc.IpcMode, 'private');
});

test('a create body without an image is refused as dockerd does', () => {
  assert.throws(() => containerSpec({}), { kind: 'invalid-argument', message: 'Config cannot be empty in order to create a container' });
});

test('Cmd and Entrypoint: a string is a list of one; [""] resets the entrypoint, [] keeps the image\'s Cmd', () => {
  assert.equal(containerSpec({ Image: 'x' }).entrypoint, 'image');
  assert.equal(containerSpec({ Image: 'x', Entrypoint: null }).entrypoint, 'image');
  assert.deepEqual(containerSpec({ Image: 'x', Entrypoint: '/ep', Cmd: 'ls' }), { ...containerSpec({ Image: 'x', Entrypoint: ['/ep'], Cmd: ['ls'] }), dockerConfig: { Image: 'x', Entrypoint: '/ep', Cmd: 'ls' } });
  assert.deepEqual(containerSpec({ Image: 'x', Entrypoint: [''] }).entrypoint, []);
  assert.equal(containerSpec({ Image: 'x', Entrypoint: [] }).entrypoint, 'none');
  assert.equal(containerSpec({ Image: 'x', Cmd: null }).cmd, undefined);
});

test('the rest of Config: Docker\'s defaults, and refusals in its words', () => {
  const spec = containerSpec({ Image: 'x', Env: ['A=1'], ExposedPorts: { '80/tcp': {} }, Volumes: { '/data': {} }, Hostname: '', MacAddress: '' });
  assert.deepEqual(spec.attach, { stdin: false, stdout: true, stderr: true });
  assert.deepEqual(spec.exposedPorts, ['80/tcp']);
  assert.deepEqual(spec.volumes, ['/data']);
  assert.equal(spec.hostname, undefined);
  assert.equal(spec.macAddress, undefined);
  assert.deepEqual(spec.dockerConfig, { Image: 'x', Env: ['A=1'], ExposedPorts: { '80/tcp': {} }, Volumes: { '/data': {} }, Hostname: '', MacAddress: '' });
  assert.throws(() => containerSpec({ Image: 'x', Env: ['=oops'] }), /invalid environment variable: =oops/);
  assert.throws(() => containerSpec({ Image: 'x', Hostname: 'box', HostConfig: { UTSMode: 'host' } }), /conflicting options: hostname and the UTS mode/);
});

test('HostConfig into typed parts: mounts in one list, links, resources, networks', () => {
  const spec = containerSpec({
    Image: 'x',
    HostConfig: { Binds: ['data:/d'], Tmpfs: { '/run': 'size=1m' }, Links: ['web:db', '/api:/app/api'], Memory: 64e6, PidsLimit: null, VolumesFrom: ['web:ro'] },
    NetworkingConfig: { EndpointsConfig: { front: { Aliases: ['a'] } } },
  });
  assert.deepEqual(spec.mounts.map((m) => `${m.type} ${m.destination}`), ['volume /d', 'tmpfs /run']);
  assert.deepEqual(spec.links, [{ name: 'web', alias: 'db' }, { name: 'api', alias: 'api' }]);
  assert.deepEqual(spec.resources, { memory: 64e6, nanoCpus: 0, cpuQuota: 0, cpuPeriod: 0, pidsLimit: 0 });
  assert.deepEqual(spec.volumesFrom, [{ ref: 'web', mode: 'ro' }]);
  assert.deepEqual(spec.endpoints, { front: { aliases: ['a'], links: [], linkLocalIps: [], driverOpts: {} } });
  assert.equal('HostConfig' in spec.dockerConfig, false);
});

test('links as Docker parses them', () => {
  assert.deepEqual(parseLink('web'), { name: 'web', alias: 'web' });
  assert.throws(() => parseLink(''), /empty string specified for links/);
  assert.throws(() => parseLink('a:b:c'), /bad format for links: a:b:c/);
});
