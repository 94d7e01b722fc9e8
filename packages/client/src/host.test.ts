import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHost, resolveHost, DEFAULT_HOST } from './host.js';
import { encodeQuery } from './client.js';
import { decodeErrorBody } from './errors.js';

test('host precedence: flag, DOCKER_HOST, default', () => {
  assert.equal(resolveHost('tcp://1.2.3.4:1', { DOCKER_HOST: 'unix:///x' }), 'tcp://1.2.3.4:1');
  assert.equal(resolveHost(undefined, { DOCKER_HOST: 'unix:///x' }), 'unix:///x');
  assert.equal(resolveHost(undefined, {}), DEFAULT_HOST);
});

test('parses unix and tcp hosts', () => {
  assert.deepEqual(parseHost('unix:///run/quai/quai.sock'), { kind: 'unix', socketPath: '/run/quai/quai.sock', url: 'unix:///run/quai/quai.sock' });
  const t = parseHost('tcp://127.0.0.1:2375');
  assert.equal(t.kind, 'tcp');
  assert.equal(t.kind === 'tcp' && t.port, 2375);
  assert.equal(parseHost('tcp://[::1]:9').kind === 'tcp' && (parseHost('tcp://[::1]:9') as { host: string }).host, '::1');
  assert.throws(() => parseHost('ssh://x'));
});

test('query encoding repeats arrays and writes booleans as 1/0', () => {
  assert.equal(encodeQuery({ names: ['a', 'b:c'], all: true, x: undefined, n: 0 }), '?names=a&names=b%3Ac&all=1&n=0');
  assert.equal(encodeQuery({}), '');
});

test('decodes Docker error bodies', () => {
  const e = decodeErrorBody(404, '{"message":"No such container: x"}\n');
  assert.equal(e.statusCode, 404);
  assert.equal(e.message, 'No such container: x');
  assert.equal(decodeErrorBody(500, 'plain').message, 'plain');
});
