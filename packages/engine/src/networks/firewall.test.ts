import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderRules } from './firewall.js';

test('rules isolate networks, close internal ones and DNAT published ports', () => {
  const text = renderRules('QT', {
    networks: [
      { bridge: 'bra', subnet: '10.1.0.0/24', internal: false },
      { bridge: 'brb', subnet: '10.2.0.0/24', internal: true },
    ],
    published: [
      { bridge: 'bra', proto: 'tcp', hostIp: '', hostPort: 8080, ip: '10.1.0.2', port: 80 },
      { bridge: 'bra', proto: 'udp', hostIp: '127.0.0.1', hostPort: 5353, ip: '10.1.0.2', port: 53 },
    ],
  });
  const lines = text.split('\n');
  assert.ok(lines.includes('-A QT-FWD -i bra -o brb -j DROP'));
  assert.ok(lines.includes('-A QT-FWD -i brb -o bra -j DROP'));
  assert.ok(lines.includes('-A QT-FWD -i brb ! -o brb -j DROP'));
  assert.ok(lines.includes('-A QT-DNAT ! -i bra -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.1.0.2:80'));
  assert.ok(!lines.some((l) => l.includes('--dport 5353')), 'loopback bindings are left to the proxy');
  assert.ok(lines.includes('-A QT-POST -s 10.1.0.0/24 ! -o bra -j MASQUERADE'));
  assert.ok(!lines.some((l) => l.includes('-s 10.2.0.0/24')), 'an internal network is not masqueraded');
  // drops come before accepts
  assert.ok(lines.indexOf('-A QT-FWD -i bra -o brb -j DROP') < lines.indexOf('-A QT-FWD -i bra -o bra -j ACCEPT'));
});

test('a network without outbound: no new connection leaves it, answers to published ports still do', () => {
  const lines = renderRules('QT', {
    networks: [{ bridge: 'brc', subnet: '10.3.0.0/24', internal: false, outbound: false }],
    published: [{ bridge: 'brc', proto: 'tcp', hostIp: '', hostPort: 8081, ip: '10.3.0.2', port: 80 }],
  }).split('\n');
  const established = '-A QT-FWD -i brc ! -o brc -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT';
  const drop = '-A QT-FWD -i brc ! -o brc -j DROP';
  assert.ok(lines.includes(established) && lines.includes(drop));
  assert.ok(lines.indexOf(established) < lines.indexOf(drop));
  assert.ok(lines.indexOf(drop) < lines.indexOf('-A QT-FWD -i brc ! -o brc -j ACCEPT'), 'the drop comes before the network\'s accept');
  assert.ok(lines.includes('-A QT-DNAT ! -i brc -p tcp -m tcp --dport 8081 -j DNAT --to-destination 10.3.0.2:80'));
  // The host itself is out of reach too, but its DNS server at the gateway; answers to the host's own connections pass.
  const input = lines.filter((l) => l.startsWith('-A QT-IN'));
  assert.deepEqual(input, [
    '-A QT-IN -i brc -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    '-A QT-IN -i brc -p udp -m udp --dport 53 -j ACCEPT',
    '-A QT-IN -i brc -p tcp -m tcp --dport 53 -j ACCEPT',
    '-A QT-IN -i brc -j DROP',
  ]);
  // As Docker, by default: out is allowed, and the host too.
  const open = renderRules('QT', { networks: [{ bridge: 'brd', subnet: '10.4.0.0/24', internal: false }], published: [] }).split('\n');
  assert.ok(!open.some((l) => l.includes('-i brd ! -o brd -j DROP')));
  assert.ok(!open.some((l) => l.startsWith('-A QT-IN')));
});
