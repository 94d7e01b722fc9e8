import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPublicAddress, publicOnlyLookup, webhookUrlProblem } from './webhook-target.js';

test('public and non-public addresses', () => {
  for (const a of ['8.8.8.8', '1.1.1.1', '2606:4700::1111', '93.184.216.34']) assert.ok(isPublicAddress(a), a);
  for (const a of ['127.0.0.1', '127.9.9.9', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254',
    '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:7f00:1', 'not-an-address']) assert.ok(!isPublicAddress(a), a);
});

test('webhook URLs: scheme, credentials, literal private targets', () => {
  assert.equal(webhookUrlProblem('https://hooks.example.com/x', false), undefined);
  assert.match(webhookUrlProblem('ftp://example.com/', false)!, /http\(s\)/);
  assert.match(webhookUrlProblem('not a url', false)!, /http\(s\)/);
  assert.match(webhookUrlProblem('http://a:b@example.com/', false)!, /credentials/);
  assert.match(webhookUrlProblem('http://127.0.0.1:8080/', false)!, /public addresses only/);
  assert.match(webhookUrlProblem('http://[::1]/', false)!, /public addresses only/);
  assert.match(webhookUrlProblem('http://[::ffff:127.0.0.1]/', false)!, /public addresses only/);
  assert.match(webhookUrlProblem('http://api.localhost/', false)!, /public addresses only/);
  assert.equal(webhookUrlProblem('http://127.0.0.1:8080/', true), undefined);
});

test('the connection\'s own lookup refuses a name that resolves to a private address (rebinding)', async () => {
  const lookup = publicOnlyLookup();
  const err = await new Promise<Error | null>((resolve) => lookup('localhost', {}, (e) => resolve(e)));
  assert.match(String(err?.message), /resolves to (127\.0\.0\.1|::1), not a public address/);
});
