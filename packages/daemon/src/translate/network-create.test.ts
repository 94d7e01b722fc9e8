import { test } from 'node:test';
import assert from 'node:assert/strict';
import { networkCreateOptions } from './network-create.js';

test('network create: IPAM pools in the engine\'s words, the rest as given', () => {
  const o = networkCreateOptions({
    Name: 'front', Driver: 'bridge', EnableIPv6: true, Labels: { a: '1' },
    IPAM: { Driver: 'default', Config: [{ Subnet: '10.9.0.0/24', Gateway: '10.9.0.1', IPRange: '10.9.0.128/25', AuxiliaryAddresses: { x: '10.9.0.2' } }, { Subnet: 'fd00:9::/64' }] },
  });
  assert.deepEqual(o.ipam, [{ subnet: '10.9.0.0/24', gateway: '10.9.0.1', ipRange: '10.9.0.128/25' }, { subnet: 'fd00:9::/64', gateway: undefined, ipRange: undefined }]);
  assert.equal(o.name, 'front');
  assert.equal(o.enableIPv6, true);
  assert.equal(networkCreateOptions({}).name, '');
  assert.equal(networkCreateOptions({ IPAM: null as never }).ipam, undefined);
});
