// Networks as Docker clients use them (issue 11): network connect switches a
// container to the embedded DNS server, dual-stack networks (--ipv6), MAC
// addresses, link-local addresses and driver options kept in the endpoint.
// Traffic goes only to the containers this file creates.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { apiRequest, socketOf } from '@quai/testkit';
import { docker, isDocker, ok, out, removeAfter, useDaemon } from './setup.mjs';

// Networks of their own range: on a busy host Docker's default pools (31 subnets) run out.
const ctx = useDaemon({ args: ['--default-address-pool', 'base=10.213.0.0/16,size=24'] });
const inspect = (format, ref) => out(['inspect', '-f', format, ref]);

/** Removes the networks when the test ends (after its containers: t.after runs in reverse). */
function removeNetworksAfter(t, ...names) {
  t.after(() => docker(['network', 'rm', ...names]));
}

/** A ULA /64 of its own, so engines side by side on this host never share one. */
function ula64() {
  const [a, b, c] = [0, 1, 2].map(() => randomBytes(2).readUInt16BE(0));
  // Written as engines print it (RFC 5952: no leading zeros in a group).
  return `fd${(a & 0xff).toString(16).padStart(2, '0')}:${(b || 1).toString(16)}:${(c || 1).toString(16)}::`;
}

test('network connect to a user network: resolv.conf switches to its DNS, names there resolve; disconnect goes back', { skip: isDocker && 'the test dockerd has no default bridge (--bridge none)' }, async (t) => {
  removeNetworksAfter(t, 'joinme');
  removeAfter(t, 'loner', 'target');
  await ok(['network', 'create', 'joinme']);
  await ok(['run', '-d', '--name', 'target', '--network', 'joinme', 'busybox', 'sleep', '300']);
  await ok(['run', '-d', '--name', 'loner', 'busybox', 'sleep', '300']);
  const before = await out(['exec', 'loner', 'cat', '/etc/resolv.conf']);
  const gateway = await out(['network', 'inspect', '-f', '{{range .IPAM.Config}}{{.Gateway}}{{end}}', 'joinme']);
  assert.doesNotMatch(before, new RegExp(`nameserver ${gateway.replace(/\./g, '\\.')}\\b`));

  await ok(['network', 'connect', 'joinme', 'loner']);
  const after = await out(['exec', 'loner', 'cat', '/etc/resolv.conf']);
  assert.match(after, new RegExp(`^nameserver ${gateway.replace(/\./g, '\\.')}$`, 'm'), after);
  const targetIp = await inspect('{{.NetworkSettings.Networks.joinme.IPAddress}}', 'target');
  assert.match(await out(['exec', 'loner', 'nslookup', 'target']), new RegExp(`Address: ${targetIp.replace(/\./g, '\\.')}`));
  assert.equal((await docker(['exec', 'loner', 'ping', '-c', '1', '-W', '2', 'target'])).code, 0);
  const ownIp = await inspect('{{.NetworkSettings.Networks.joinme.IPAddress}}', 'loner');
  assert.match(await out(['exec', 'loner', 'cat', '/etc/hosts']), new RegExp(`^${ownIp.replace(/\./g, '\\.')}\\s`, 'm'));

  // Disconnected from its only user network, it asks the host's resolvers again, not a gateway it cannot reach.
  await ok(['network', 'disconnect', 'joinme', 'loner']);
  assert.equal(await out(['exec', 'loner', 'cat', '/etc/resolv.conf']), before);
  assert.doesNotMatch(await out(['exec', 'loner', 'cat', '/etc/hosts']), new RegExp(`^${ownIp.replace(/\./g, '\\.')}\\s`, 'm'));
});

test('a container on two user networks resolves names on both, and on the one it keeps after a disconnect', async (t) => {
  removeNetworksAfter(t, 'front', 'back');
  removeAfter(t, 'proxy', 'db', 'ui');
  await ok(['network', 'create', 'front']);
  await ok(['network', 'create', 'back']);
  await ok(['run', '-d', '--name', 'db', '--network', 'back', 'busybox', 'sleep', '300']);
  await ok(['run', '-d', '--name', 'ui', '--network', 'front', 'busybox', 'sleep', '300']);
  await ok(['run', '-d', '--name', 'proxy', '--network', 'front', 'busybox', 'sleep', '300']);
  await ok(['network', 'connect', 'back', 'proxy']);
  for (const name of ['db', 'ui']) {
    const r = await docker(['exec', 'proxy', 'ping', '-c', '1', '-W', '2', name]);
    assert.equal(r.code, 0, `${name} from proxy: ${r.stdout}${r.stderr}`);
  }
  await ok(['network', 'disconnect', 'back', 'proxy']);
  assert.equal((await docker(['exec', 'proxy', 'ping', '-c', '1', '-W', '2', 'ui'])).code, 0, 'ui no longer resolves after leaving back');
  assert.notEqual((await docker(['exec', 'proxy', 'nslookup', 'db'])).code, 0, 'db still resolves after leaving back');
});

test('--ipv6 networks are dual stack: addresses in inspect, AAAA names, containers reach each other over IPv6', async (t) => {
  removeNetworksAfter(t, 'dual', 'ula');
  removeAfter(t, 'six', 'fixed');
  const prefix = ula64();
  await ok(['network', 'create', '--ipv6', '--subnet', `${prefix}/64`, 'dual']);
  assert.equal(await out(['network', 'inspect', '-f', '{{.EnableIPv6}}', 'dual']), 'true');
  const subnets = (await out(['network', 'inspect', '-f', '{{range .IPAM.Config}}{{.Subnet}} {{end}}', 'dual'])).split(' ');
  assert.ok(subnets.includes(`${prefix}/64`), `IPAM.Config: ${subnets}`);
  assert.ok(subnets.some((s) => /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(s)), `no IPv4 subnet beside the IPv6 one: ${subnets}`);

  await ok(['run', '-d', '--name', 'six', '--network', 'dual', 'busybox', 'sleep', '300']);
  const six = await inspect('{{.NetworkSettings.Networks.dual.GlobalIPv6Address}}/{{.NetworkSettings.Networks.dual.GlobalIPv6PrefixLen}} {{.NetworkSettings.Networks.dual.IPv6Gateway}}', 'six');
  assert.equal(six, `${prefix}2/64 ${prefix}1`);
  assert.match(await out(['exec', 'six', 'ip', '-6', 'addr', 'show', 'eth0']), new RegExp(`inet6 ${prefix}2/64 scope global`));
  const listed = JSON.parse(await out(['network', 'inspect', '-f', '{{json .Containers}}', 'dual']));
  assert.equal(Object.values(listed)[0].IPv6Address, `${prefix}2/64`);

  await ok(['run', '-d', '--name', 'fixed', '--network', 'dual', '--ip6', `${prefix}99`, 'busybox', 'sleep', '300']);
  assert.equal(await inspect('{{.NetworkSettings.Networks.dual.GlobalIPv6Address}}', 'fixed'), `${prefix}99`);
  const byName = await docker(['exec', 'fixed', 'ping6', '-c', '1', '-W', '2', 'six']);
  assert.equal(byName.code, 0, byName.stdout + byName.stderr);
  assert.match(byName.stdout, new RegExp(`from ${prefix}2`));
  assert.match(await out(['exec', 'six', 'nslookup', '-type=aaaa', 'fixed']), new RegExp(`Address: ${prefix}99`));
  assert.equal((await docker(['exec', 'six', 'ping6', '-c', '1', '-W', '2', `${prefix}99`])).code, 0);

  // Without a subnet: one /64 of the engine's unique local range (dockerd 27 and later).
  if (isDocker) return;
  await ok(['network', 'create', '--ipv6', 'ula']);
  const auto = (await out(['network', 'inspect', '-f', '{{range .IPAM.Config}}{{.Subnet}} {{end}}', 'ula'])).split(' ').find((s) => s.includes(':'));
  assert.match(auto ?? '', /^fd[0-9a-f]{2}:[0-9a-f]{1,4}:[0-9a-f]{1,4}::\/64$/);
});

test('--mac-address at create and run, MacAddress at connect, as the container sees it', { skip: isDocker && 'the CLI needs API 1.44 for a MAC address per network; the test dockerd speaks 1.41' }, async (t) => {
  removeNetworksAfter(t, 'macnet', 'macnet2');
  removeAfter(t, 'mac1');
  await ok(['network', 'create', 'macnet']);
  await ok(['network', 'create', 'macnet2']);
  assert.equal(await out(['run', '--rm', '--network', 'macnet', '--mac-address', '02:42:ac:11:00:99', 'busybox', 'cat', '/sys/class/net/eth0/address']), '02:42:ac:11:00:99');
  await ok(['create', '--name', 'mac1', '--network', 'macnet', '--mac-address', '02:42:ac:11:00:98', 'busybox', 'sleep', '300']);
  assert.equal(await inspect('{{.NetworkSettings.Networks.macnet.MacAddress}}', 'mac1'), '02:42:ac:11:00:98');
  await ok(['start', 'mac1']);
  assert.equal(await out(['exec', 'mac1', 'cat', '/sys/class/net/eth0/address']), '02:42:ac:11:00:98');
  const socket = socketOf(ctx.daemon.dockerHost);
  const bad = await apiRequest(socket, { method: 'POST', path: '/networks/macnet2/connect', body: JSON.stringify({ Container: 'mac1', EndpointConfig: { MacAddress: 'not-a-mac' } }) });
  assert.equal(bad.status, 400, bad.body);
  const r = await apiRequest(socket, { method: 'POST', path: '/networks/macnet2/connect', body: JSON.stringify({ Container: 'mac1', EndpointConfig: { MacAddress: '02:42:ac:11:00:97' } }) });
  assert.equal(r.status, 200, r.body);
  assert.equal(await out(['exec', 'mac1', 'cat', '/sys/class/net/eth1/address']), '02:42:ac:11:00:97');
  assert.equal(await inspect('{{.NetworkSettings.Networks.macnet2.MacAddress}}', 'mac1'), '02:42:ac:11:00:97');
});

test('LinkLocalIPs and DriverOpts are kept in the endpoint settings; the link-local address is on the interface', async (t) => {
  removeNetworksAfter(t, 'llbase', 'llnet');
  removeAfter(t, 'll');
  await ok(['network', 'create', 'llbase']);
  await ok(['network', 'create', 'llnet']);
  await ok(['run', '-d', '--name', 'll', '--network', 'llbase', 'busybox', 'sleep', '300']);
  await ok(['network', 'connect', '--link-local-ip', '169.254.7.7', '--driver-opt', 'com.example.opt=1', 'llnet', 'll']);
  const ep = JSON.parse(await inspect('{{json .NetworkSettings.Networks.llnet}}', 'll'));
  assert.deepEqual(ep.IPAMConfig, { LinkLocalIPs: ['169.254.7.7'] });
  assert.deepEqual(ep.DriverOpts, { 'com.example.opt': '1' });
  assert.match(await out(['exec', 'll', 'ip', '-4', 'addr', 'show', 'eth1']), /inet 169\.254\.7\.7\/16/);
  // Kept across a restart, as configuration.
  await ok(['restart', '-t', '0', 'll']);
  assert.deepEqual(JSON.parse(await inspect('{{json .NetworkSettings.Networks.llnet.DriverOpts}}', 'll')), { 'com.example.opt': '1' });
  assert.match(await out(['exec', 'll', 'ip', '-4', 'addr']), /inet 169\.254\.7\.7\/16/);
});
