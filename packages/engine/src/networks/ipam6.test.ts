import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allocate6, bigIntToIp6, chooseSubnet6, contains6, firstHost6, formatCidr6, ip6ToBigInt, overlaps6, parseCidr6, ulaPool } from './ipam6.js';

test('IPv6 CIDRs parse with host bits cleared and print as RFC 5952 text', () => {
  assert.equal(formatCidr6(parseCidr6('fd00:77:0:0::5/64')), 'fd00:77::/64');
  assert.equal(bigIntToIp6(ip6ToBigInt('FD00:0077::0001')), 'fd00:77::1');
  assert.throws(() => parseCidr6('fd00::/129'), /invalid CIDR address/);
  assert.throws(() => parseCidr6('10.0.0.0/8'), /invalid CIDR address/);
  assert.throws(() => ip6ToBigInt('fd00::zz'), /invalid IPv6 address/);
});

test('the gateway is ::1 and containers get ::2, ::3 ... skipping what is held', () => {
  const subnet = parseCidr6('fd00:77::/64');
  assert.equal(firstHost6(subnet), 'fd00:77::1');
  assert.equal(allocate6(subnet, new Set(['fd00:77::1'])), 'fd00:77::2');
  assert.equal(allocate6(subnet, new Set(['fd00:77::1', 'fd00:77::2'])), 'fd00:77::3');
  assert.equal(allocate6(subnet, new Set(), parseCidr6('fd00:77::100/120')), 'fd00:77::100');
  assert.ok(contains6(subnet, ip6ToBigInt('fd00:77::ffff')));
  assert.ok(!contains6(subnet, ip6ToBigInt('fd00:78::1')));
});

test('the ULA pool is a stable fd00::/8 /48 per seed; /64s are handed out without overlap', () => {
  const pool = ulaPool('/run/quai');
  assert.equal(pool.bits, 48);
  assert.equal(formatCidr6(pool), formatCidr6(ulaPool('/run/quai')));
  assert.notEqual(formatCidr6(pool), formatCidr6(ulaPool('/tmp/other')));
  assert.match(formatCidr6(pool), /^fd/);
  const first = chooseSubnet6(pool, []);
  const second = chooseSubnet6(pool, [first]);
  assert.equal(first.bits, 64);
  assert.ok(!overlaps6(first, second));
  assert.ok(contains6(pool, second.base));
});
