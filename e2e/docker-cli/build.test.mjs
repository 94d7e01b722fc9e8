// `docker build` (the legacy POST /build, no buildx here): instructions,
// multi-stage into scratch, ONBUILD, .dockerignore, failures, the cache.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { docker, fails, ok, out, useDaemon } from './setup.mjs';

useDaemon();

let scratch;
before(() => { scratch = mkdtempSync('/tmp/quai-e2e-build-'); });
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A context dir from { path: content }. */
function context(name, files) {
  const dir = join(scratch, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const build = (dir, ...args) => ok(['build', ...args, dir], { timeoutMs: 60_000 });
const inspect = async (ref, fmt) => out(['inspect', '--format', fmt, ref]);

test('a Dockerfile with most instructions builds, runs and inspects as Docker', async () => {
  const dir = context('all', {
    'a.txt': 'hello\n',
    'sub/b.txt': 'bee\n',
    Dockerfile: [
      'ARG BASE=busybox',
      'FROM ${BASE}',
      'ARG WHO=world',
      'MAINTAINER someone',
      'ENV GREETING="hello ${WHO}" EMPTY=${UNSET:-dflt} PLUS=${WHO:+set}',
      'LABEL org.example.name="two words" version=1',
      'WORKDIR /app',
      'COPY a.txt sub/ ./',
      'COPY --chown=65534:65534 --chmod=600 a.txt /owned.txt',
      'ADD sub /added/',
      'RUN echo "$GREETING $EMPTY $PLUS" > out.txt',
      'RUN ["/bin/sh", "-c", "echo exec >> /app/out.txt"]',
      'SHELL ["/bin/sh", "-ec"]',
      'RUN rm /bin/vi',
      'EXPOSE 8080 53/udp',
      'VOLUME /data',
      'USER nobody',
      'STOPSIGNAL SIGTERM',
      'HEALTHCHECK --interval=5s --retries=2 CMD true',
      'ENTRYPOINT ["sh", "-c"]',
      'CMD ["cat /app/out.txt /app/b.txt"]',
      '',
    ].join('\n'),
  });
  const r = await build(dir, '-t', 'e2e-all', '--build-arg', 'WHO=quai');
  assert.match(r.stdout, /Step 1\/21 : ARG BASE=busybox/);
  assert.match(r.stdout, /Successfully built [0-9a-f]{12}\n/);
  assert.match(r.stdout, /Successfully tagged e2e-all:latest/);
  assert.equal(await out(['run', '--rm', 'e2e-all']), 'hello quai dflt set\nexec\nbee');
  const config = JSON.parse(await inspect('e2e-all', '{{json .Config}}'));
  assert.deepEqual(config.Entrypoint, ['sh', '-c']);
  assert.deepEqual(config.Cmd, ['cat /app/out.txt /app/b.txt']);
  assert.ok(config.Env.includes('GREETING=hello quai'));
  assert.deepEqual(Object.keys(config.ExposedPorts).sort(), ['53/udp', '8080/tcp']);
  assert.deepEqual(config.Volumes, { '/data': {} });
  assert.equal(config.User, 'nobody');
  assert.equal(config.WorkingDir, '/app');
  assert.equal(config.Labels['org.example.name'], 'two words');
  assert.equal(config.StopSignal, 'SIGTERM');
  assert.deepEqual(config.Healthcheck.Test, ['CMD-SHELL', 'true']);
  assert.deepEqual(config.Shell, ['/bin/sh', '-ec']);
  const ls = await out(['run', '--rm', '--entrypoint', 'sh', '--user', 'root', 'e2e-all', '-c',
    'stat -c "%u %a" /owned.txt; cat /added/b.txt; test -e /bin/vi || echo vi-gone']);
  assert.equal(ls, '65534 600\nbee\nvi-gone');
  const history = await out(['history', '--no-trunc', '--format', '{{.CreatedBy}}', 'e2e-all']);
  assert.match(history, /#\(nop\)  CMD \["cat \/app\/out.txt \/app\/b.txt"\]/);
  assert.match(history, /\|1 WHO=quai \/bin\/sh -c echo/);
  // Layers: busybox's one + COPY, COPY, ADD, RUN, RUN, RUN.
  assert.equal(Number(await inspect('e2e-all', '{{len .RootFS.Layers}}')), 7);
});

test('multi-stage: a program built in one stage is copied into FROM scratch', async () => {
  const dir = context('multi', {
    Dockerfile: [
      'FROM busybox AS build',
      'RUN mkdir /out && cp /bin/busybox /out/app && echo built > /out/msg',
      'FROM busybox AS unused',
      'RUN echo never-copied',
      'FROM scratch',
      'COPY --from=build /out/app /bin/sh',
      'COPY --from=0 /out/msg /msg',
      'CMD ["/bin/sh", "-c", "cat /msg"]',
      '',
    ].join('\n'),
  });
  await build(dir, '-t', 'e2e-multi');
  assert.equal(await out(['run', '--rm', 'e2e-multi']), 'built');
  assert.equal(Number(await inspect('e2e-multi', '{{len .RootFS.Layers}}')), 2);
  const t = await build(dir, '--target', 'build', '-t', 'e2e-multi-build');
  assert.doesNotMatch(t.stdout, /FROM scratch/);
});

test('ONBUILD triggers run in the child, not in the grandchild', async () => {
  const parent = context('onbuild-parent', { Dockerfile: 'FROM busybox\nONBUILD RUN echo triggered > /t.txt\nONBUILD COPY x.txt /x.txt\n' });
  await build(parent, '-t', 'e2e-onbuild');
  assert.match(await inspect('e2e-onbuild', '{{json .Config.OnBuild}}'), /RUN echo triggered/);
  const child = context('onbuild-child', { Dockerfile: 'FROM e2e-onbuild\n', 'x.txt': 'x\n' });
  const r = await build(child, '-t', 'e2e-onbuild-child');
  assert.match(r.stdout, /# Executing 2 build triggers/);
  assert.equal(await out(['run', '--rm', 'e2e-onbuild-child', 'cat', '/t.txt', '/x.txt']), 'triggered\nx');
  assert.equal(await inspect('e2e-onbuild-child', '{{json .Config.OnBuild}}'), 'null');
});

test('.dockerignore with ! exceptions', async () => {
  const dir = context('ignore', {
    '.dockerignore': '*.log\n!keep.log\nsecret/\n',
    'a.log': 'no', 'keep.log': 'yes', 'secret/key': 'no', 'ok.txt': 'ok',
    Dockerfile: 'FROM busybox\nCOPY . /ctx/\nCMD ["ls", "/ctx"]\n',
  });
  await build(dir, '-t', 'e2e-ignore');
  const listing = (await out(['run', '--rm', 'e2e-ignore'])).split('\n');
  assert.ok(listing.includes('keep.log') && listing.includes('ok.txt'), listing.join(' '));
  assert.ok(!listing.includes('a.log') && !listing.includes('secret'), listing.join(' '));
});

test('a failing RUN shows its output and exit code and leaves no container', async () => {
  const before = await out(['ps', '-aq']);
  const dir = context('fail', { Dockerfile: 'FROM busybox\nRUN echo about-to-fail && exit 3\n' });
  const r = await fails(['build', dir], { timeoutMs: 60_000 });
  assert.match(r.stdout + r.stderr, /about-to-fail/);
  assert.match(r.stderr, /The command '\/bin\/sh -c echo about-to-fail && exit 3' returned a non-zero code: 3/);
  assert.equal(await out(['ps', '-aq']), before);
  await fails(['build', context('nofile', { Dockerfile: 'FROM busybox\nCOPY missing.txt /\n' })], { stderr: /missing\.txt/ });
});

test('a second build hits the cache; changing one file rebuilds from its COPY', async () => {
  const dir = context('cache', {
    'one.txt': '1', 'two.txt': '2',
    Dockerfile: 'FROM busybox\nRUN echo first > /f\nCOPY one.txt /\nRUN echo after-one\nCOPY two.txt /\nRUN cat /one.txt /two.txt\n',
  });
  const first = await build(dir, '-t', 'e2e-cache');
  assert.doesNotMatch(first.stdout, /Using cache/);
  const second = await build(dir, '-t', 'e2e-cache');
  assert.equal(second.stdout.match(/Using cache/g)?.length, 5);
  assert.equal((await out(['images', '-q', 'e2e-cache'])).length, 12);
  writeFileSync(join(dir, 'two.txt'), 'changed');
  const third = await build(dir, '-t', 'e2e-cache');
  assert.equal(third.stdout.match(/Using cache/g)?.length, 3);
  assert.match(third.stdout, /Step 5\/6 : COPY two.txt \/\n ---> [0-9a-f]{12}/);
  const nocache = await build(dir, '--no-cache');
  assert.doesNotMatch(nocache.stdout, /Using cache/);
});
