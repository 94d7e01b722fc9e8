// Container behaviours Docker clients rely on (issue 11): kill returns once
// the container is down, a container between exit and restart is not removed
// without force and restarts with Docker's back-off, and inspect shows every
// HostConfig field dockerd always returns.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiRequest, socketOf } from '@quai/testkit';
import { docker, fails, isDocker, ok, out, removeAfter, useDaemon } from './setup.mjs';

const ctx = useDaemon();

const inspect = (format, ref) => out(['inspect', '-f', format, ref]);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('kill returns after the container exited: State.Running is false right after, every time', async (t) => {
  removeAfter(t, 'victim');
  await ok(['run', '-d', '--name', 'victim', 'busybox', 'sleep', '300']);
  for (let i = 0; i < 5; i++) {
    if (i) await ok(['start', 'victim']);
    await ok(['kill', 'victim']);
    assert.equal(await inspect('{{.State.Running}} {{.State.Status}} {{.State.ExitCode}}', 'victim'), 'false exited 137', `after kill #${i + 1}`);
  }
});

test('a killed container with restart policy always stays down, as after stop', async (t) => {
  removeAfter(t, 'keeper');
  await ok(['run', '-d', '--name', 'keeper', '--restart', 'always', 'busybox', 'sleep', '300']);
  await ok(['kill', 'keeper']);
  await sleep(1000);
  assert.equal(await inspect('{{.State.Status}} {{.RestartCount}}', 'keeper'), 'exited 0');
});

test('restart always: rm between exit and restart is refused in Docker\'s words, the back-off doubles, rm -f works', async (t) => {
  removeAfter(t, 'flapper');
  await ok(['run', '-d', '--name', 'flapper', '--restart', 'always', 'busybox', 'sh', '-c', 'exit 3']);
  // The container is "restarting" nearly all the time: it exits at once and waits ever longer.
  let seen = '';
  for (let i = 0; i < 50 && !seen.startsWith('restarting'); i++) {
    seen = await inspect('{{.State.Status}} {{.State.Running}} {{.State.Restarting}} {{.State.ExitCode}}', 'flapper');
    if (!seen.startsWith('restarting')) await sleep(50);
  }
  assert.equal(seen, 'restarting true true 3');
  await fails(['rm', 'flapper'], { stderr: isDocker ? /You cannot remove a restarting container/ : /cannot remove container "\/flapper": container is restarting: stop the container before removing or force remove/ });
  assert.match(await inspect('{{.State.Status}}', 'flapper'), /^(restarting|running)$/, 'the refused rm changed the container');

  // Docker waits 100 ms before the first restart and twice as long before each next one.
  const id = await inspect('{{.Id}}', 'flapper');
  for (let i = 0; i < 100 && Number(await inspect('{{.RestartCount}}', 'flapper')) < 5; i++) await sleep(100);
  const events = await out(['events', '--since', '0', '--until', String(Math.ceil(Date.now() / 1000) + 1),
    '--filter', `container=${id}`, '--filter', 'event=die', '--filter', 'event=start', '--format', '{{.Action}} {{.TimeNano}}']);
  const list = events.split('\n').map((l) => l.split(' ')).map(([action, nanos]) => ({ action, ms: Number(BigInt(nanos) / 1_000_000n) }));
  const waits = [];
  for (let i = 0; i + 1 < list.length; i++) if (list[i].action === 'die' && list[i + 1].action === 'start') waits.push(list[i + 1].ms - list[i].ms);
  assert.ok(waits.length >= 4, `restarts seen: ${events}`);
  for (const [k, wait] of waits.slice(0, 4).entries()) {
    assert.ok(wait >= 100 * 2 ** k, `restart ${k + 1} came ${wait} ms after the exit, before the ${100 * 2 ** k} ms back-off:\n${events}`);
  }
  await ok(['rm', '-f', 'flapper']);
  await fails(['inspect', 'flapper'], { stderr: /No such (object|container)/ });
});

// The fields Go's HostConfig always serialises (not omitempty), present whatever the client sent.
const ALWAYS_SHOWN = ['Binds', 'ContainerIDFile', 'LogConfig', 'NetworkMode', 'PortBindings', 'RestartPolicy', 'AutoRemove',
  'VolumeDriver', 'VolumesFrom', 'ConsoleSize', 'CapAdd', 'CapDrop', 'CgroupnsMode', 'Dns', 'DnsOptions', 'DnsSearch',
  'ExtraHosts', 'GroupAdd', 'IpcMode', 'Cgroup', 'Links', 'OomScoreAdj', 'PidMode', 'Privileged', 'PublishAllPorts',
  'ReadonlyRootfs', 'SecurityOpt', 'UTSMode', 'UsernsMode', 'ShmSize', 'Isolation', 'CpuShares', 'Memory', 'NanoCpus',
  'CgroupParent', 'BlkioWeight', 'BlkioWeightDevice', 'BlkioDeviceReadBps', 'BlkioDeviceWriteBps', 'BlkioDeviceReadIOps',
  'BlkioDeviceWriteIOps', 'CpuPeriod', 'CpuQuota', 'CpuRealtimePeriod', 'CpuRealtimeRuntime', 'CpusetCpus', 'CpusetMems',
  'Devices', 'DeviceCgroupRules', 'DeviceRequests', 'MemoryReservation', 'MemorySwap', 'MemorySwappiness', 'OomKillDisable',
  'PidsLimit', 'Ulimits', 'CpuCount', 'CpuPercent', 'IOMaximumIOps', 'IOMaximumBandwidth', 'MaskedPaths', 'ReadonlyPaths'];

test('inspect shows every HostConfig field dockerd returns, with the defaults in effect, for a bare API create', async (t) => {
  const socket = socketOf(ctx.daemon.dockerHost);
  const created = await apiRequest(socket, { method: 'POST', path: '/containers/create?name=bare', body: JSON.stringify({ Image: 'busybox', Cmd: ['true'] }) });
  assert.equal(created.status, 201, created.body);
  removeAfter(t, 'bare');
  const hc = (await apiRequest(socket, { path: '/containers/bare/json' })).json().HostConfig;
  const missing = ALWAYS_SHOWN.filter((k) => !(k in hc));
  assert.deepEqual(missing, [], `HostConfig lacks ${missing.join(', ')}`);
  // dockerd 20.10 names the runtime only when the CLI sent it; newer ones always do.
  if (!isDocker) assert.equal(hc.Runtime, 'crun');
  assert.equal(hc.ShmSize, 64 * 1024 * 1024);
  assert.equal(hc.IpcMode, 'private');
  assert.equal(hc.CgroupnsMode, 'host');
  assert.ok(hc.MaskedPaths.includes('/proc/kcore'), JSON.stringify(hc.MaskedPaths));
  assert.ok(hc.ReadonlyPaths.includes('/proc/sys'), JSON.stringify(hc.ReadonlyPaths));
  assert.equal(hc.LogConfig.Type, 'json-file');
  assert.equal(hc.MemorySwappiness, null);
  assert.equal(hc.PidsLimit, null);
  // The shm size shown is the one the container gets.
  assert.equal(await out(['run', '--rm', 'busybox', 'sh', '-c', "df -k /dev/shm | awk 'NR==2 {print $2}'"]), String(64 * 1024));
  assert.equal(await inspect('{{.HostConfig.ShmSize}} {{.HostConfig.IpcMode}}', 'bare'), '67108864 private');
  removeAfter(t, 'privy');
  await ok(['create', '--name', 'privy', '--privileged', 'busybox', 'true']);
  assert.equal(await inspect('{{json .HostConfig.MaskedPaths}}', 'privy'), 'null');
});

test('legacy --link: Docker\'s environment variables, /etc/hosts entry, Links in inspect, rm --link', { skip: isDocker && 'the test dockerd has no default bridge (--bridge none)' }, async (t) => {
  removeAfter(t, 'linked', 'linker');
  await ok(['run', '-d', '--name', 'linked', '--expose', '80', '-e', 'FOO=bar', 'busybox', 'sleep', '300']);
  const ip = await inspect('{{.NetworkSettings.IPAddress}}', 'linked');
  const hostname = await inspect('{{.Config.Hostname}}', 'linked');
  const env = (await out(['run', '--rm', '--name', 'linkenv', '--link', 'linked:db', 'busybox', 'env'])).split('\n');
  for (const line of [`DB_NAME=/linkenv/db`, `DB_PORT=tcp://${ip}:80`, `DB_PORT_80_TCP=tcp://${ip}:80`, `DB_PORT_80_TCP_ADDR=${ip}`,
    'DB_PORT_80_TCP_PORT=80', 'DB_PORT_80_TCP_PROTO=tcp', 'DB_ENV_FOO=bar']) {
    assert.ok(env.includes(line), `no ${line} in:\n${env.join('\n')}`);
  }
  assert.ok(!env.some((l) => l.startsWith('DB_ENV_PATH=')), 'PATH is not passed on');

  await ok(['run', '-d', '--name', 'linker', '--link', 'linked:db', 'busybox', 'sleep', '300']);
  assert.match(await out(['exec', 'linker', 'cat', '/etc/hosts']), new RegExp(`^${ip.replace(/\./g, '\\.')}\\tdb ${hostname} linked$`, 'm'));
  assert.equal((await docker(['exec', 'linker', 'ping', '-c', '1', '-W', '2', 'db'])).code, 0);
  assert.equal(await inspect('{{json .HostConfig.Links}}', 'linker'), '["/linked:/linker/db"]');
  const socket = socketOf(ctx.daemon.dockerHost);
  const listed = (await apiRequest(socket, { path: '/containers/json?filters=' + encodeURIComponent(JSON.stringify({ name: ['linked'] })) })).json();
  assert.ok(listed.some((c) => c.Names.includes('/linker/db')), JSON.stringify(listed.map((c) => c.Names)));

  assert.equal(await out(['rm', '--link', '/linker/db']), '/linker/db');
  assert.equal(await inspect('{{json .HostConfig.Links}}', 'linker'), 'null');
  assert.doesNotMatch(await out(['exec', 'linker', 'cat', '/etc/hosts']), /\tdb /);
  await fails(['rm', '--link', 'linker'], { stderr: /Conflict, cannot remove the default link name of the container/ });
  await fails(['rm', '--link', '/linker/nope'], { stderr: /No such container: linker\/nope/ });
  assert.equal(await inspect('{{.State.Running}}', 'linked'), 'true', 'rm --link removed the linked container');
});

test('legacy --link refusals: a child that does not exist, a child that does not run', { skip: isDocker && 'the test dockerd has no default bridge (--bridge none)' }, async (t) => {
  removeAfter(t, 'sleeper', 'waiter');
  await fails(['create', '--link', 'nobody:db', 'busybox', 'true'], { stderr: /could not get container for nobody/ });
  await ok(['create', '--name', 'sleeper', 'busybox', 'sleep', '300']);
  await ok(['create', '--name', 'waiter', '--link', 'sleeper:db', 'busybox', 'sleep', '300']);
  await fails(['start', 'waiter'], { stderr: /Cannot link to a non running container: \/sleeper AS \/waiter\/db/ });
  await ok(['start', 'sleeper']);
  await ok(['start', 'waiter']);
});

test('--link on a user-defined network: the alias resolves to the container there, for the linking container only', async (t) => {
  removeAfter(t, 'target1', 'asker');
  t.after(() => docker(['network', 'rm', 'linknet']));
  await ok(['network', 'create', 'linknet']);
  await ok(['run', '-d', '--name', 'target1', '--network', 'linknet', 'busybox', 'sleep', '300']);
  await ok(['run', '-d', '--name', 'asker', '--network', 'linknet', '--link', 'target1:svc', 'busybox', 'sleep', '300']);
  const ip = await inspect('{{.NetworkSettings.Networks.linknet.IPAddress}}', 'target1');
  assert.match(await out(['exec', 'asker', 'nslookup', 'svc']), new RegExp(`Address: ${ip.replace(/\./g, '\\.')}`));
  assert.equal(await inspect('{{json .NetworkSettings.Networks.linknet.Links}}', 'asker'), '["target1:svc"]');
  assert.notEqual((await docker(['exec', 'target1', 'nslookup', 'svc'])).code, 0, 'svc resolved for a container without the link');
});
