import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyMetadata } from './metadata.js';
import { parseDockerfile } from './parse.js';
import { cacheKey } from './cache.js';

const apply = (line: string, config = {}, env = new Map<string, string>()) =>
  applyMetadata(parseDockerfile(`FROM x\n${line}\n`).instructions[1]!, config, env, '\\')!;

test('ENV and LABEL, both forms, expanded', () => {
  const env = new Map([['V', '1']]);
  assert.deepEqual(apply('ENV A=$V B="two words"', {}, env).config.Env, ['A=1', 'B=two words']);
  assert.deepEqual(apply('ENV A legacy value', { Env: ['A=0'] }).config.Env, ['A=legacy value']);
  assert.equal(apply('ENV A=1 B=2').nop, ' ENV A=1 B=2');
  assert.deepEqual(apply('LABEL a=b "c d"=e').config.Labels, { a: 'b', 'c d': 'e' });
});

test('CMD/ENTRYPOINT shell and exec forms, SHELL applies', () => {
  assert.deepEqual(apply('CMD echo hi').config.Cmd, ['/bin/sh', '-c', 'echo hi']);
  assert.deepEqual(apply('CMD ["a","b"]').config.Cmd, ['a', 'b']);
  assert.deepEqual(apply('ENTRYPOINT run', { Shell: ['/bin/bash', '-c'] }).config.Entrypoint, ['/bin/bash', '-c', 'run']);
});

test('EXPOSE, VOLUME, WORKDIR, USER, STOPSIGNAL, HEALTHCHECK, ONBUILD', () => {
  assert.deepEqual(apply('EXPOSE 80 53/udp 1000-1001').config.ExposedPorts, { '80/tcp': {}, '53/udp': {}, '1000/tcp': {}, '1001/tcp': {} });
  assert.deepEqual(apply('VOLUME ["/a", "/b"]').config.Volumes, { '/a': {}, '/b': {} });
  assert.equal(apply('WORKDIR sub', { WorkingDir: '/app' }).config.WorkingDir, '/app/sub');
  assert.equal(apply('USER 1000:1000').config.User, '1000:1000');
  assert.equal(apply('STOPSIGNAL SIGINT').config.StopSignal, 'SIGINT');
  assert.deepEqual(apply('HEALTHCHECK --interval=1m30s --retries=3 CMD ["true"]').config.Healthcheck,
    { Interval: 90e9, Retries: 3, Test: ['CMD', 'true'] });
  assert.deepEqual(apply('HEALTHCHECK NONE').config.Healthcheck, { Test: ['NONE'] });
  assert.deepEqual(apply('ONBUILD RUN echo hi').config.OnBuild, ['RUN echo hi']);
  assert.throws(() => apply('ONBUILD ONBUILD RUN x'), /isn't allowed/);
});

test('cache keys change with parent, step and config', () => {
  const k = cacheKey('sha256:a', '/bin/sh -c x', { Env: ['A=1'] });
  assert.equal(k, cacheKey('sha256:a', '/bin/sh -c x', { Env: ['A=1'] }));
  assert.notEqual(k, cacheKey('sha256:b', '/bin/sh -c x', { Env: ['A=1'] }));
  assert.notEqual(k, cacheKey('sha256:a', '|1 A=2 /bin/sh -c x', { Env: ['A=1'] }));
  assert.notEqual(k, cacheKey('sha256:a', '/bin/sh -c x', { Env: ['A=2'] }));
});
