import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyChanges, expandPorts, keyValues, words } from './changes.js';

test('CMD and ENTRYPOINT: JSON form as is, shell form via /bin/sh -c', () => {
  const c = applyChanges({}, ['CMD ["sh", "-c", "echo hi"]', 'ENTRYPOINT /bin/app --flag']);
  assert.deepEqual(c.Cmd, ['sh', '-c', 'echo hi']);
  assert.deepEqual(c.Entrypoint, ['/bin/sh', '-c', '/bin/app --flag']);
});

test('ENV and LABEL in both forms, later values replace earlier ones', () => {
  const c = applyChanges({ Env: ['PATH=/bin', 'A=1'] }, ['ENV A=2 B="two words"', 'env C legacy value', 'LABEL a=b "c d"=e']);
  assert.deepEqual(c.Env, ['PATH=/bin', 'A=2', 'B=two words', 'C=legacy value']);
  assert.deepEqual(c.Labels, { a: 'b', 'c d': 'e' });
});

test('EXPOSE, VOLUME, USER, WORKDIR, STOPSIGNAL, HEALTHCHECK', () => {
  const c = applyChanges({}, ['EXPOSE 80 53/udp 8000-8001', 'VOLUME ["/data", "/logs"]', 'VOLUME /x /y',
    'USER 1000:1000', 'WORKDIR /app', 'WORKDIR sub', 'STOPSIGNAL SIGINT', 'HEALTHCHECK --interval=5s --retries=2 CMD true']);
  assert.deepEqual(Object.keys(c.ExposedPorts!), ['80/tcp', '53/udp', '8000/tcp', '8001/tcp']);
  assert.deepEqual(Object.keys(c.Volumes!), ['/data', '/logs', '/x', '/y']);
  assert.equal(c.User, '1000:1000');
  assert.equal(c.WorkingDir, '/app/sub');
  assert.equal(c.StopSignal, 'SIGINT');
  assert.deepEqual(c.Healthcheck, { Interval: 5e9, Retries: 2, Test: ['CMD-SHELL', 'true'] });
});

test('unknown instructions and bad ports are refused', () => {
  assert.throws(() => applyChanges({}, ['RUN echo']), /run is not a valid change command/);
  assert.throws(() => expandPorts('http'), /invalid containerPort/);
});

test('words and key=values', () => {
  assert.deepEqual(words(`a "b c" 'd e' f\\ g`), ['a', 'b c', 'd e', 'f g']);
  assert.deepEqual(keyValues('K=V X=""', 'ENV'), [['K', 'V'], ['X', '']]);
});
