import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allocate, chooseSubnet, formatCidr, macFor, parseCidr, DEFAULT_POOLS, overlaps, intToIp, ipToInt } from './ipam.js';

test('CIDRs parse with host bits cleared and round-trip', () => {
  assert.equal(formatCidr(parseCidr('172.18.3.4/16')), '172.18.0.0/16');
  assert.equal(intToIp(ipToInt('10.255.0.1')), '10.255.0.1');
  assert.throws(() => parseCidr('10.0.0.0/33'), /invalid CIDR/);
  assert.throws(() => parseCidr('300.0.0.0/8'), /invalid IPv4/);
  assert.ok(overlaps(parseCidr('10.0.0.0/8'), parseCidr('10.88.0.0/16')));
  assert.ok(!overlaps(parseCidr('10.0.0.0/16'), parseCidr('10.1.0.0/16')));
});

test('subnets avoid what the host already routes', () => {
  const taken = ['172.17.0.0/16', '172.18.5.0/24', '10.88.0.0/16'].map(parseCidr);
  assert.equal(formatCidr(chooseSubnet(DEFAULT_POOLS, taken)), '172.19.0.0/16');
  const all = [parseCidr('172.16.0.0/12')];
  assert.equal(formatCidr(chooseSubnet(DEFAULT_POOLS, all)), '192.168.0.0/20');
  assert.equal(formatCidr(chooseSubnet([{ base: '10.10.0.0/16', size: 24 }], [parseCidr('10.10.0.0/24')])), '10.10.1.0/24');
});

test('addresses skip network, gateway and used ones, and honour --ip-range', () => {
  const subnet = parseCidr('172.30.0.0/24');
  assert.equal(allocate(subnet, new Set(['172.30.0.1'])), '172.30.0.2');
  assert.equal(allocate(subnet, new Set(['172.30.0.1', '172.30.0.2'])), '172.30.0.3');
  assert.equal(allocate(subnet, new Set(), parseCidr('172.30.0.128/25')), '172.30.0.128');
  const tiny = parseCidr('10.9.9.0/30');
  assert.throws(() => allocate(tiny, new Set(['10.9.9.1', '10.9.9.2'])), /no available IPv4/);
  assert.equal(macFor('172.17.0.2'), '02:42:ac:11:00:02');
});
