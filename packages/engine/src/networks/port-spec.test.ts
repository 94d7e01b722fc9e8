import { test } from 'node:test';
import assert from 'node:assert/strict';
import { portRequests } from './port-spec.js';

test('bindings, ranges and -P become port requests', () => {
  const r = portRequests({
    PortBindings: {
      '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }],
      '53/udp': [{ HostIp: '', HostPort: '' }],
      '81/tcp': [{ HostPort: '9000-9005' }],
    },
    PublishAllPorts: true,
  }, { '80/tcp': {}, '443/tcp': {} });
  assert.deepEqual(r.map((p) => [p.key, p.hostIp, p.hostPorts]), [
    ['80/tcp', '127.0.0.1', [8080, 8080]],
    ['53/udp', '', [0, 0]],
    ['81/tcp', '', [9000, 9005]],
    ['443/tcp', '', [0, 0]],
  ]);
});

test('bad specs are refused', () => {
  assert.throws(() => portRequests({ PortBindings: { '99999/tcp': [] } }, {}), /invalid port/);
  assert.throws(() => portRequests({ PortBindings: { '80/sctpx': [] } }, {}), /invalid proto/);
  assert.throws(() => portRequests({ PortBindings: { '80/tcp': [{ HostPort: '9-2' }] } }, {}), /invalid hostPort/);
});
