import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Project, Service } from '../model.js';
import { containerConfig } from './container-config.js';
import { parseBytes, parseDuration } from './units.js';

const project: Project = {
  name: 'demo', workingDir: '/srv/demo', configFiles: ['/srv/demo/compose.yaml'], envFiles: ['/srv/demo/.env'], environment: {},
  services: {}, disabledServices: {},
  networks: { front: { name: 'demo_front' }, back: { name: 'demo_back' } },
  volumes: { data: { name: 'demo_data' } },
  secrets: { token: { name: 'demo_token', file: '/srv/demo/token.txt' } },
  configs: {},
};

const web: Service = {
  name: 'web', image: 'busybox', command: ['httpd', '-f'], environment: { A: '1' },
  ports: [{ target: 80, published: '8080', host_ip: '127.0.0.1', protocol: 'tcp', mode: 'ingress' }],
  expose: ['9000'],
  networks: { front: null, back: { aliases: ['www'], ipv4_address: '10.0.0.5' } },
  volumes: [
    { type: 'volume', source: 'data', target: '/data', volume: {} },
    { type: 'bind', source: '/srv/demo/conf', target: '/conf', read_only: true, bind: { create_host_path: true } },
    { type: 'tmpfs', target: '/cache' },
  ],
  secrets: [{ source: 'token', target: '/run/secrets/token' }],
  depends_on: { db: { condition: 'service_healthy', required: true, restart: false } },
  healthcheck: { test: ['CMD', 'true'], interval: '1m30s', timeout: '500ms', retries: 3 },
  restart: 'on-failure:3',
  deploy: { resources: { limits: { memory: '64m', cpus: '0.5', pids: 20 } } },
  stop_grace_period: '3s',
};

test('a service becomes a create body with docker compose labels, names and networks', () => {
  const body = containerConfig(project, web, { number: 2, name: 'demo-web-2', imageId: 'sha256:abc' }) as Record<string, any>;
  assert.equal(body.Image, 'busybox');
  assert.deepEqual(body.Cmd, ['httpd', '-f']);
  assert.deepEqual(body.Env, ['A=1']);
  assert.deepEqual(body.ExposedPorts, { '80/tcp': {}, '9000/tcp': {} });
  const l = body.Labels;
  assert.equal(l['com.docker.compose.project'], 'demo');
  assert.equal(l['com.docker.compose.service'], 'web');
  assert.equal(l['com.docker.compose.container-number'], '2');
  assert.equal(l['com.docker.compose.oneoff'], 'False');
  assert.equal(l['com.docker.compose.image'], 'sha256:abc');
  assert.equal(l['com.docker.compose.depends_on'], 'db:service_healthy:false');
  assert.equal(l['com.docker.compose.project.config_files'], '/srv/demo/compose.yaml');
  assert.equal(l['com.docker.compose.project.environment_file'], '/srv/demo/.env');
  assert.match(l['com.docker.compose.config-hash'], /^[0-9a-f]{64}$/);
  const hc = body.HostConfig;
  assert.equal(hc.NetworkMode, 'demo_back', 'the first network by name when no priority is set');
  assert.deepEqual(body.NetworkingConfig.EndpointsConfig, {
    demo_back: { Aliases: ['demo-web-2', 'web', 'www'], IPAMConfig: { IPv4Address: '10.0.0.5' } },
    demo_front: { Aliases: ['demo-web-2', 'web'] },
  });
  assert.deepEqual(hc.PortBindings, { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] });
  assert.deepEqual(hc.Binds, ['demo_data:/data:rw', '/srv/demo/conf:/conf:ro', '/srv/demo/token.txt:/run/secrets/token:ro']);
  assert.deepEqual(hc.Mounts, [{ Type: 'tmpfs', Target: '/cache', ReadOnly: false, TmpfsOptions: {} }]);
  assert.deepEqual(hc.RestartPolicy, { Name: 'on-failure', MaximumRetryCount: 3 });
  assert.equal(hc.Memory, 64 * 1024 * 1024);
  assert.equal(hc.NanoCpus, 5e8);
  assert.equal(hc.PidsLimit, 20);
  assert.deepEqual(body.Healthcheck, { Test: ['CMD', 'true'], Interval: 90e9, Timeout: 5e8, Retries: 3 });
  assert.equal(body.StopTimeout, 3);
});

test('a one-off: slug instead of number, only its own name as alias unless --use-aliases', () => {
  const body = containerConfig(project, web, { number: 0, name: 'demo-web-run-0123456789ab', oneOff: { slug: 'f'.repeat(64), useAliases: false }, ports: [] }) as Record<string, any>;
  assert.equal(body.Labels['com.docker.compose.oneoff'], 'True');
  assert.equal(body.Labels['com.docker.compose.slug'], 'f'.repeat(64));
  assert.equal(body.Labels['com.docker.compose.container-number'], undefined);
  assert.deepEqual(body.NetworkingConfig.EndpointsConfig.demo_front.Aliases, ['demo-web-run-0123456789ab']);
  assert.equal(body.HostConfig.PortBindings, undefined, 'no published ports without -p or --service-ports');
});

test('a recreated container keeps the anonymous volumes of the one it replaces', () => {
  const svc: Service = { name: 'db', image: 'busybox', volumes: [{ type: 'volume', target: '/var/lib/db', volume: {} }, { type: 'volume', source: 'data', target: '/data', volume: {} }] };
  const fresh = containerConfig(project, svc, { number: 1, name: 'demo-db-1' }) as Record<string, any>;
  assert.deepEqual(fresh.HostConfig.Binds, ['demo_data:/data:rw']);
  assert.deepEqual(fresh.HostConfig.Mounts, [{ Type: 'volume', Source: '', Target: '/var/lib/db', ReadOnly: false, VolumeOptions: { NoCopy: false } }]);
  const again = containerConfig(project, svc, { number: 1, name: 'demo-db-1', inheritVolumes: [{ name: 'a'.repeat(64), target: '/var/lib/db', readOnly: false }] }) as Record<string, any>;
  assert.deepEqual(again.HostConfig.Binds, [`${'a'.repeat(64)}:/var/lib/db:rw`, 'demo_data:/data:rw']);
  assert.equal(again.HostConfig.Mounts, undefined);
});

test('units: Go durations and byte sizes', () => {
  assert.equal(parseDuration('1h2m3s'), 3723e9);
  assert.equal(parseDuration('250ms'), 250e6);
  assert.equal(parseDuration('1.5s'), 1.5e9);
  assert.throws(() => parseDuration('soon'), /invalid duration/);
  assert.equal(parseBytes('512m'), 512 * 1024 ** 2);
  assert.equal(parseBytes('1GB'), 1024 ** 3);
  assert.equal(parseBytes(1000), 1000);
  assert.throws(() => parseBytes('lots'), /invalid size/);
});
