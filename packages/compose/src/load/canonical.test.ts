import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalService, parsePortShort, parseVolumeShort, toMapping } from './canonical.js';
import { splitShellWords } from './shell-words.js';

test('ports: short syntax with host IP, ranges, protocol', () => {
  assert.deepEqual(parsePortShort('80'), [{ target: 80, protocol: 'tcp', mode: 'ingress' }]);
  assert.deepEqual(parsePortShort('127.0.0.1:8080:80/udp'), [{ target: 80, published: '8080', host_ip: '127.0.0.1', protocol: 'udp', mode: 'ingress' }]);
  assert.deepEqual(parsePortShort('8000-8001:80-81').map((p) => [p.published, p.target]), [['8000', 80], ['8001', 81]]);
  assert.deepEqual(parsePortShort('[::1]:53:53')[0], { target: 53, published: '53', host_ip: '::1', protocol: 'tcp', mode: 'ingress' });
  assert.deepEqual(parsePortShort('9000-9010:80')[0]!.published, '9000-9010');
});

test('volumes: bind (relative made absolute), named, anonymous, modes', () => {
  assert.deepEqual(parseVolumeShort('./data:/data:ro', '/proj'), { type: 'bind', source: '/proj/data', target: '/data', read_only: true, bind: { create_host_path: true } });
  assert.deepEqual(parseVolumeShort('cache:/cache', '/proj'), { type: 'volume', source: 'cache', target: '/cache', volume: {} });
  assert.deepEqual(parseVolumeShort('/tmp', '/proj'), { type: 'volume', target: '/tmp', volume: {} });
  assert.deepEqual(parseVolumeShort('db:/var/lib:nocopy', '/p').volume, { nocopy: true });
});

test('environment and labels: lists and maps alike; a bare name is looked up later (null)', () => {
  assert.deepEqual(toMapping(['A=1', 'B', 'C=x=y']), { A: '1', B: null, C: 'x=y' });
  assert.deepEqual(toMapping({ A: 1, B: null, C: true }), { A: '1', B: null, C: 'true' });
});

test('a service in long form', () => {
  const s = canonicalService('web', {
    build: '.', command: 'sh -c "echo \'a b\'"', depends_on: ['db'], networks: ['front'],
    healthcheck: { test: 'curl -f x' }, tmpfs: '/run', extra_hosts: { 'h.local': '10.0.0.1' },
    secrets: ['token'],
  }, '/proj');
  assert.deepEqual(s.build, { context: '/proj', dockerfile: 'Dockerfile' });
  assert.deepEqual(s.command, ['sh', '-c', "echo 'a b'"]);
  assert.deepEqual(s.depends_on, { db: { condition: 'service_started', required: true, restart: false } });
  assert.deepEqual(s.networks, { front: null });
  assert.deepEqual(s.healthcheck?.test, ['CMD-SHELL', 'curl -f x']);
  assert.deepEqual(s.tmpfs, ['/run']);
  assert.deepEqual(s.extra_hosts, ['h.local:10.0.0.1']);
  assert.deepEqual(s.secrets, [{ source: 'token', target: '/run/secrets/token' }]);
});

test('shell words: quotes and backslashes, no expansion', () => {
  assert.deepEqual(splitShellWords(`echo "a b" 'c d' e\\ f "$X" ''`), ['echo', 'a b', 'c d', 'e f', '$X', '']);
  assert.throws(() => splitShellWords('echo "open'), /unterminated quote/);
});
