import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseRange } from './blobs.js';
import { RegistryError } from './errcode.js';

describe('parseRange', () => {
  const cases: Array<[string | undefined, number, { start: number; end: number } | undefined | 'error']> = [
    [undefined, 10, undefined],
    ['bytes=0-4', 10, { start: 0, end: 4 }],
    ['bytes=5-', 10, { start: 5, end: 9 }],
    ['bytes=-3', 10, { start: 7, end: 9 }],
    ['bytes=2-100', 10, { start: 2, end: 9 }],
    ['bytes=10-12', 10, 'error'],
    ['bytes=5-2', 10, 'error'],
    ['bytes=-', 10, 'error'],
    ['items=0-1', 10, 'error'],
  ];
  for (const [header, size, want] of cases) {
    it(`${header ?? '(none)'} of ${size}`, () => {
      if (want === 'error') {
        assert.throws(() => parseRange(header, size), (e) => e instanceof RegistryError && e.code === 'RANGE_INVALID' && e.status === 416);
      } else {
        assert.deepEqual(parseRange(header, size), want);
      }
    });
  }
});

describe('RegistryError', () => {
  it('renders the spec body', () => {
    const e = new RegistryError('BLOB_UNKNOWN', undefined, { digest: 'sha256:x' });
    assert.equal(e.status, 404);
    assert.deepEqual(e.toJSON(), { errors: [{ code: 'BLOB_UNKNOWN', message: 'blob unknown to registry', detail: { digest: 'sha256:x' } }] });
  });
});
