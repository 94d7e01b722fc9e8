import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endpointRequest, endpointRequests } from './endpoint-settings.js';

test('endpoint settings: empty values are not asked for', () => {
  assert.deepEqual(endpointRequest(null), { aliases: [], links: [], linkLocalIps: [], driverOpts: {} });
  assert.deepEqual(endpointRequest({ Aliases: ['web'], IPAMConfig: { IPv4Address: '172.18.0.9', IPv6Address: '' }, MacAddress: '02:42:ac:12:00:09', Links: ['db:d'] }), {
    aliases: ['web'], links: ['db:d'], ipv4: '172.18.0.9', linkLocalIps: [], mac: '02:42:ac:12:00:09', driverOpts: {},
  });
});

test('EndpointsConfig: `default` is the bridge, unless the bridge has its own entry', () => {
  assert.deepEqual(Object.keys(endpointRequests({ default: { Aliases: ['a'] } })), ['bridge']);
  assert.deepEqual(endpointRequests({ default: { Aliases: ['a'] }, bridge: { Aliases: ['b'] } }).bridge!.aliases, ['b']);
  assert.deepEqual(endpointRequests({ front: null }), { front: { aliases: [], links: [], linkLocalIps: [], driverOpts: {} } });
});
