import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Router } from './router.js';

test('captures segments, and the rest of the path for {name*}', () => {
  const r = new Router();
  const h = () => {};
  const spec = { query: {} };
  r.get('/containers/{id}/json', h, spec).get('/images/{name*}/json', h, spec).post('/images/{name*}/tag', h, spec);
  const m = r.match('GET', '/images/127.0.0.1:5000/alice/bb:1/json');
  assert.ok(typeof m === 'object');
  assert.deepEqual(m.params, { name: '127.0.0.1:5000/alice/bb:1' });
  const c = r.match('GET', '/containers/abc/json');
  assert.ok(typeof c === 'object' && c.params.id === 'abc');
  assert.equal(r.match('GET', '/nope'), 'not-found');
  assert.equal(r.match('DELETE', '/containers/abc/json'), 'method-not-allowed');
  assert.ok(typeof r.match('HEAD', '/containers/abc/json') === 'object');
});
