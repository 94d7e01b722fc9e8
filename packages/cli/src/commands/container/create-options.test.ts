import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFlags } from '../../args/parse.js';
import { spec } from './run.js';
import { buildCreateRequest, parseDevice, parseNanoCpus, parseUlimit, parsePublish, parseKeyValueFile, envEntry, type OptionsIo } from './create-options.js';

const io: OptionsIo = {
  readFile: (p) => {
    if (p === 'env.list') return '\uFEFFFOO=bar\n# comment\n\n  SPACED=ok\nFROM_ENV\nUNSET_VAR\n';
    if (p === 'labels') return 'team=core\nflag\n';
    if (p === '/work/profile.json') return '{\n  "defaultAction": "SCMP_ACT_ALLOW"\n}\n';
    throw Object.assign(new Error(`open ${p}: no such file or directory`), { code: 'ENOENT' });
  },
  env: { FROM_ENV: 'yes', HOME: '/root' },
  cwd: '/work',
};

function build(argv: string[], detach = false) {
  return buildCreateRequest(parseFlags(spec, argv), io, { detach });
}

test('run flags → create body', () => {
  const r = build([
    '--name', 'web', '-m', '64m', '--memory-swap', '-1', '--cpus', '1.5', '-c', '512', '--pids-limit', '10',
    '--ulimit', 'nofile=1024:2048', '-e', 'A=B', '-e', 'HOME', '--env-file', 'env.list', '-l', 'x=y', '--label-file', 'labels',
    '-w', '/tmp', '-u', '1000:1000', '--read-only', '--cap-add', 'net_admin', '--cap-drop', 'ALL', '--privileged', '--init',
    '--sysctl', 'net.core.somaxconn=1024', '--stop-signal', 'SIGUSR1', '--stop-timeout', '5', '--hostname', 'h1', '--rm',
    'busybox', 'sh', '-c', 'echo hi',
  ]);
  const b = r.body as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const h = b.HostConfig;
  assert.equal(r.name, 'web');
  assert.equal(b.Image, 'busybox');
  assert.deepEqual(b.Cmd, ['sh', '-c', 'echo hi']);
  assert.equal(h.Memory, 67108864);
  assert.equal(h.MemorySwap, -1);
  assert.equal(h.NanoCpus, 1500000000);
  assert.equal(h.CpuShares, 512);
  assert.equal(h.PidsLimit, 10);
  assert.deepEqual(h.Ulimits, [{ Name: 'nofile', Hard: 2048, Soft: 1024 }]);
  assert.deepEqual(b.Env, ['FOO=bar', 'SPACED=ok', 'FROM_ENV=yes', 'A=B', 'HOME=/root']);
  assert.deepEqual(b.Labels, { team: 'core', flag: '', x: 'y' });
  assert.equal(b.WorkingDir, '/tmp');
  assert.equal(b.User, '1000:1000');
  assert.equal(b.Hostname, 'h1');
  assert.equal(h.ReadonlyRootfs, true);
  assert.deepEqual(h.CapAdd, ['CAP_NET_ADMIN']);
  assert.deepEqual(h.CapDrop, ['ALL']);
  assert.equal(h.Privileged, true);
  assert.equal(h.Init, true);
  assert.equal(h.AutoRemove, true);
  assert.deepEqual(h.Sysctls, { 'net.core.somaxconn': '1024' });
  assert.equal(b.StopSignal, 'SIGUSR1');
  assert.equal(b.StopTimeout, 5);
  assert.equal(b.AttachStdout, true);
  assert.equal(b.AttachStdin, false);
  assert.equal(h.NetworkMode, 'default');
  assert.deepEqual(b.NetworkingConfig, { EndpointsConfig: { default: {} } });
});

test('defaults: no Cmd, no Init, no StopTimeout; -d detaches the streams', () => {
  const b = build(['-d', 'busybox'], true).body as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.equal(b.Cmd, null);
  assert.equal(b.Env, null);
  assert.equal('Init' in b.HostConfig, false);
  assert.equal('StopTimeout' in b, false);
  assert.equal(b.AttachStdout, false);
  assert.equal(b.AttachStderr, false);
});

test('-i -t -p -v --network --entrypoint land in the body', () => {
  const b = build(['-it', '-p', '127.0.0.1:8080:80/udp', '-p', '9000-9001:90-91', '-v', '/h:/c:ro', '-v', '/anon', '-v', './rel:/r',
    '--network', 'mynet', '--entrypoint', '', 'busybox']).body as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.equal(b.Tty, true);
  assert.equal(b.OpenStdin, true);
  assert.equal(b.StdinOnce, true);
  assert.equal(b.AttachStdin, true);
  assert.deepEqual(b.ExposedPorts, { '80/udp': {}, '90/tcp': {}, '91/tcp': {} });
  assert.deepEqual(b.HostConfig.PortBindings, {
    '80/udp': [{ HostIp: '127.0.0.1', HostPort: '8080' }],
    '90/tcp': [{ HostIp: '', HostPort: '9000' }],
    '91/tcp': [{ HostIp: '', HostPort: '9001' }],
  });
  assert.deepEqual(b.HostConfig.Binds, ['/h:/c:ro', '/work/rel:/r']);
  assert.deepEqual(b.Volumes, { '/anon': {} });
  assert.equal(b.HostConfig.NetworkMode, 'mynet');
  assert.deepEqual(b.NetworkingConfig.EndpointsConfig, { mynet: {} });
  assert.deepEqual(b.Entrypoint, ['']);
});

test('bad values fail like Docker', () => {
  assert.throws(() => build(['-m', '64x', 'busybox']), { message: `invalid argument "64x" for "-m, --memory" flag: invalid suffix: 'x'` });
  assert.throws(() => build(['--cpus', 'abc', 'busybox']), /failed to parse abc as a rational number/);
  assert.throws(() => build(['--env-file', 'missing', 'busybox']), /open missing: no such file or directory/);
  assert.throws(() => build(['--rm', '--restart', 'always', 'busybox']), /cannot specify both --restart and --rm/);
  assert.throws(() => parseUlimit('nofile=2048:1024'), /soft limit must be less than or equal to hard limit/);
  assert.throws(() => parseUlimit('bogus=1'), /invalid ulimit type: bogus/);
});

test('helpers', () => {
  assert.equal(parseNanoCpus('0.5'), 500000000);
  assert.equal(parseNanoCpus('2'), 2000000000);
  assert.equal(parseNanoCpus('.000000001'), 1);
  assert.deepEqual(parseUlimit('nproc=512'), { Name: 'nproc', Hard: 512, Soft: 512 });
  assert.deepEqual(parsePublish('8080:80'), [{ port: '80/tcp', binding: { HostIp: '', HostPort: '8080' } }]);
  assert.deepEqual(parsePublish('[::1]:53:53/udp'), [{ port: '53/udp', binding: { HostIp: '::1', HostPort: '53' } }]);
  assert.deepEqual(parsePublish('80'), [{ port: '80/tcp', binding: { HostIp: '', HostPort: '' } }]);
  assert.equal(envEntry('UNSET', {}), 'UNSET');
  assert.throws(() => parseKeyValueFile('BAD KEY=1\n', 'f'), /variable 'BAD KEY' contains whitespaces/);
});

test('--device, --device-cgroup-rule and --security-opt as Docker\'s CLI sends them', () => {
  assert.deepEqual(parseDevice('/dev/fuse'), { PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rwm' });
  assert.deepEqual(parseDevice('/dev/fuse:r'), { PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'r' });
  assert.deepEqual(parseDevice('/dev/sda:/dev/xvda:rw'), { PathOnHost: '/dev/sda', PathInContainer: '/dev/xvda', CgroupPermissions: 'rw' });
  assert.throws(() => parseDevice('/dev/sda:/dev/xvda:rwx'), /bad mode specified: rwx/);
  const h = build(['--device', '/dev/fuse:/dev/f:r', '--device-cgroup-rule', 'c 42:* rmw', '--security-opt', 'seccomp=profile.json',
    '--security-opt', 'no-new-privileges', '--security-opt', 'systempaths=unconfined', 'busybox']).body.HostConfig as Record<string, unknown>;
  assert.deepEqual(h.Devices, [{ PathOnHost: '/dev/fuse', PathInContainer: '/dev/f', CgroupPermissions: 'r' }]);
  assert.deepEqual(h.DeviceCgroupRules, ['c 42:* rmw']);
  assert.deepEqual(h.SecurityOpt, ['seccomp={"defaultAction":"SCMP_ACT_ALLOW"}', 'no-new-privileges']);
  assert.deepEqual([h.MaskedPaths, h.ReadonlyPaths], [[], []]);
  assert.throws(() => build(['--device-cgroup-rule', 'c 1:3', 'busybox']), /invalid device cgroup format 'c 1:3'/);
  assert.throws(() => build(['--security-opt', 'seccomp=missing.json', 'busybox']), /opening seccomp profile \(missing.json\) failed/);
});
