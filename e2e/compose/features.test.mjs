// Compose Specification features (issue 15) on quai's engine: each setting
// of fixtures/features read back with docker inspect or seen from inside the
// container; external networks and volumes used but never removed; profiles.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { compose, describeRun, projectDir, useDaemon } from './setup.mjs';

const ctx = useDaemon();

describe('compose: specification features', () => {
  const dir = projectDir('features', 'features');
  let keeperVolume;
  const docker = async (args) => {
    const r = await ctx.daemon.docker(args);
    assert.equal(r.code, 0, `docker ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  const inspect = async (format, name = 'features-app-1') => docker(['inspect', '-f', format, name]);
  after(async () => {
    await compose(ctx, dir, ['--profile', 'extra', 'down', '-v'], { env: { FEATURES_API_KEY: 'k3y' } }).catch(() => {});
    await ctx.daemon?.docker(['network', 'rm', 'features-outside']).catch(() => {});
    await ctx.daemon?.docker(['volume', 'rm', 'features-kept']).catch(() => {});
  });

  test('up -d starts app with every setting applied', async () => {
    const r = await compose(ctx, dir, ['up', '-d', '--wait'], { env: { FEATURES_API_KEY: 'k3y' } });
    assert.equal(r.code, 0, describeRun(['up'], r));
    const logs = await compose(ctx, dir, ['logs', '--no-log-prefix', 'app']);
    assert.equal(logs.stdout, 's3cret\nconf=1\n1000\n/tmp\napphost\n', 'secret, config, user, working_dir, hostname');
    const files = await compose(ctx, dir, ['logs', '--no-log-prefix', 'files']);
    assert.equal(files.stdout, 'k3y\nhello from content\n', 'a secret from the environment and a config from content, copied in');
    const hc = JSON.parse(await inspect('{{json .HostConfig}}'));
    assert.equal(hc.ReadonlyRootfs, true);
    assert.equal(hc.Init, true);
    assert.deepEqual(hc.CapDrop, ['ALL']);
    assert.deepEqual(hc.CapAdd, ['NET_ADMIN']);
    assert.equal(hc.RestartPolicy.Name, 'unless-stopped');
    assert.equal(hc.Memory, 64 * 1024 * 1024);
    assert.equal(hc.NanoCpus, 5e8);
    assert.equal(hc.PidsLimit, 50);
    assert.deepEqual(hc.Tmpfs, { '/scratch': '' });
    assert.equal(hc.LogConfig.Type, 'json-file');
    const cfg = JSON.parse(await inspect('{{json .Config}}'));
    assert.equal(cfg.StopSignal, 'SIGINT');
    assert.equal(cfg.StopTimeout, 3);
    assert.equal(cfg.Labels.team, 'blue');
    assert.ok('8125/udp' in cfg.ExposedPorts && '9000/tcp' in cfg.ExposedPorts, JSON.stringify(cfg.ExposedPorts));
    assert.equal(await inspect('{{(index .NetworkSettings.Networks "features_fixed").IPAddress}}'), '10.231.250.10');
    assert.equal(await docker(['volume', 'inspect', '-f', '{{index .Labels "purpose"}} {{index .Labels "com.docker.compose.volume"}}', 'features_shared']), 'test shared');
  });

  test('mounts: the named volume, tmpfs, a read-only bind from the project directory', async () => {
    const r = await compose(ctx, dir, ['exec', '-T', '-u', '0', '-e', 'WHO=root', '-w', '/shared', 'app', 'sh', '-c', 'cat /data/hello.txt; touch /data/x 2>/dev/null || echo ro; touch /shared/ok /cache/ok /scratch/ok && echo "writable by $WHO in $(pwd)"']);
    assert.equal(r.stdout, 'from host\nro\nwritable by root in /shared\n', describeRun(['exec'], r));
    const asUser = await compose(ctx, dir, ['exec', '-T', 'app', 'touch', '/shared/no']);
    assert.notEqual(asUser.code, 0, 'user 1000 wrote into the root-owned volume');
  });

  test('an anonymous volume keeps its data when its container is recreated; down -v removes it', async () => {
    const env = { FEATURES_API_KEY: 'k3y' };
    const volumeOf = () => inspect('{{range .Mounts}}{{if eq .Destination "/keep"}}{{.Name}}{{end}}{{end}}', 'features-keeper-1');
    const first = await volumeOf();
    assert.match(first, /^[0-9a-f]{64}$/);
    const r = await compose(ctx, dir, ['up', '-d'], { env: { ...env, ROUND: '2' } });
    assert.match(r.stderr, /Container features-keeper-1 Recreated/, describeRun(['up'], r));
    assert.equal(await volumeOf(), first);
    const rounds = await compose(ctx, dir, ['exec', '-T', 'keeper', 'cat', '/keep/rounds']);
    assert.equal(rounds.stdout, '1\n2\n');
    await compose(ctx, dir, ['up', '-d'], { env });
    keeperVolume = first;
  });

  test('profiles: ext runs only with its profile; external network and volume must exist', async () => {
    assert.doesNotMatch((await compose(ctx, dir, ['ps', '--services'])).stdout, /ext/);
    const missing = await compose(ctx, dir, ['--profile', 'extra', 'up', '-d'], { env: { FEATURES_API_KEY: 'k3y' } });
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /network features-outside declared as external, but could not be found|external volume "features-kept" not found/);
    await docker(['network', 'create', 'features-outside']);
    await docker(['volume', 'create', 'features-kept']);
    const r = await compose(ctx, dir, ['--profile', 'extra', 'up', '-d'], { env: { FEATURES_API_KEY: 'k3y' } });
    assert.equal(r.code, 0, describeRun(['up'], r));
    assert.match((await compose(ctx, dir, ['--profile', 'extra', 'ps', '--services'])).stdout, /^ext$/m);
    const down = await compose(ctx, dir, ['--profile', 'extra', 'down', '-v']);
    assert.equal(down.code, 0, describeRun(['down'], down));
    assert.notEqual(await docker(['network', 'ls', '-q', '--filter', 'name=features-outside']), '', 'the external network was removed');
    assert.equal(await docker(['volume', 'ls', '-q', '--filter', 'name=features-kept']), 'features-kept', 'the external volume was removed');
    assert.equal(await docker(['volume', 'ls', '-q', '--filter', `name=${keeperVolume}`]), '', 'down -v left the anonymous volume');
  });
});
