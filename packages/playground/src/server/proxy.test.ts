import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { proxyTarget } from './proxy.js';

const req = (url: string, host = 'play.example:8088') => ({ url, headers: { host } }) as unknown as IncomingMessage;

test('port links by path: the instance, the port, and the rest of the path for upstream', () => {
  assert.deepEqual(proxyTarget(req('/p/abcdefghij/8080/app/x?y=1')), { instanceId: 'abcdefghij', port: 8080, path: '/app/x?y=1', prefix: '/p/abcdefghij/8080' });
  assert.deepEqual(proxyTarget(req('/p/abcdefghij/8080')), { instanceId: 'abcdefghij', port: 8080, path: '', prefix: '/p/abcdefghij/8080' });
  for (const notALink of ['/p/ABCDEFGHIJ/80/', '/p/short/80/', '/p/abcdefghij/port/', '/api/sessions', '/px/abcdefghij/80/']) {
    assert.equal(proxyTarget(req(notALink)), undefined, notALink);
  }
});

test('port links by host: <instance>-<port>.<anything>, the whole path forwarded', () => {
  assert.deepEqual(proxyTarget(req('/a?b', 'abcdefghij-8080.localhost:8088')), { instanceId: 'abcdefghij', port: 8080, path: '/a?b', prefix: '' });
  assert.deepEqual(proxyTarget(req('/', 'ABCDEFGHIJ-80.Localhost')), { instanceId: 'abcdefghij', port: 80, path: '/', prefix: '' });
  assert.equal(proxyTarget(req('/', 'localhost:8088')), undefined);
  assert.equal(proxyTarget(req('/', 'abcdefghij-8080')), undefined, 'a bare label is not a port link');
});
