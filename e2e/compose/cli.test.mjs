// `quai compose` messages and the attached `up`: a misspelt key and a
// missing required variable are reported with their file and line; an
// attached up prints coloured per-container prefixes and, with
// --exit-code-from, stops everything and exits with that service's code.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { waitFor } from '@quai/testkit';
import { compose, describeRun, projectDir, spawnCompose, useDaemon } from './setup.mjs';

const ctx = useDaemon();

describe('compose: file errors name the file, the line and the key', () => {
  const dir = projectDir('demo', 'errors');

  test('a misspelt key', async () => {
    const file = join(dir, 'typo.yaml');
    writeFileSync(file, 'services:\n  web:\n    image: busybox\n    comand: echo hi\n');
    const r = await compose(ctx, dir, ['-f', 'typo.yaml', 'config']);
    assert.notEqual(r.code, 0, describeRun(['config'], r));
    assert.equal(r.stderr.trim(), `${file}:4:5: services.web: additional property 'comand' is not allowed (did you mean 'command'?)`);
  });

  test('a missing required variable', async () => {
    const r = await compose(ctx, dir, ['config'], { env: { WEB_PORT: undefined } });
    assert.notEqual(r.code, 0, describeRun(['config'], r));
    const line = readFileSync(join(dir, 'compose.yaml'), 'utf8').split('\n').findIndex((l) => l.includes('WEB_PORT:?')) + 1;
    assert.equal(r.stderr.trim().split('\n').pop(), `${join(dir, 'compose.yaml')}:${line}:9: error while interpolating services.web.ports.0: required variable WEB_PORT is missing a value: WEB_PORT must be set`);
  });

  test('config prints the canonical form: long syntax, absolute paths, names', async () => {
    const r = await compose(ctx, dir, ['config'], { env: { WEB_PORT: '8123' } });
    assert.equal(r.code, 0, describeRun(['config'], r));
    assert.match(r.stdout, /^name: errors$/m);
    assert.match(r.stdout, new RegExp(`context: ${join(dir, 'web').replace(/\//g, '\\/')}$`, 'm'));
    assert.match(r.stdout, /- host_ip: 127\.0\.0\.1\n\s+mode: ingress\n\s+protocol: tcp\n\s+published: "8123"\n\s+target: 80/);
    assert.match(r.stdout, /name: errors_back/);
    assert.equal((await compose(ctx, dir, ['config', '--services'], { env: { WEB_PORT: '1' } })).stdout, 'web\ncache\nworker\n');
  });
});

describe('compose: attached up', () => {
  const dir = projectDir('oneshot', 'oneshot');

  test('--exit-code-from: coloured prefixes, every container stopped, the service exit code', async () => {
    const r = await compose(ctx, dir, ['--ansi', 'always', 'up', '--exit-code-from', 'talker']);
    assert.equal(r.code, 3, describeRun(['up'], r));
    assert.match(r.stdout, /^Attaching to sleeper-1, talker-1$/m);
    assert.match(r.stdout, /\x1b\[\d+mtalker-1 +\| \x1b\[0mhello from talker\n/);
    assert.match(r.stdout, /^talker-1 exited with code 3$/m);
    assert.match(r.stdout, /^Aborting on container exit\.\.\.$/m);
    const running = await ctx.daemon.docker(['ps', '-q', '--filter', 'label=com.docker.compose.project=oneshot']);
    assert.equal(running.stdout.trim(), '');
    await compose(ctx, dir, ['down']);
  });

  test('Ctrl-C stops the containers gracefully and ends the command', async () => {
    const up = spawnCompose(ctx, dir, ['up', 'sleeper']);
    try {
      assert.ok(await waitFor(() => up.output().includes('Attaching to sleeper-1'), 30_000), up.output());
      up.kill('SIGINT');
      assert.equal(await up.exited, 0, up.output());
    } finally {
      up.kill();
    }
    assert.match(up.output(), /Gracefully stopping\.\.\. \(press Ctrl\+C again to force\)/);
    assert.match(up.output(), / Container oneshot-sleeper-1 Stopped/);
    const state = await ctx.daemon.docker(['inspect', '-f', '{{.State.Status}}', 'oneshot-sleeper-1']);
    assert.equal(state.stdout.trim(), 'exited');
    await compose(ctx, dir, ['down']);
  });
});
