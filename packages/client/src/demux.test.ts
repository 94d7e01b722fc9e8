import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Demuxer, encodeFrame } from './demux.js';

test('demuxes frames split at every byte boundary', () => {
  const wire = Buffer.concat([encodeFrame(1, 'hello\n'), encodeFrame(2, 'oops\n'), encodeFrame(1, '')]);
  for (let step = 1; step <= wire.length; step++) {
    const got: string[] = [];
    const d = new Demuxer((s, p) => got.push(`${s}:${p.toString()}`));
    for (let i = 0; i < wire.length; i += step) d.push(wire.subarray(i, i + step));
    assert.deepEqual(got, ['1:hello\n', '2:oops\n', '1:']);
    assert.equal(d.leftover, 0);
  }
});

test('keeps an incomplete frame until the rest arrives', () => {
  const got: string[] = [];
  const d = new Demuxer((s, p) => got.push(`${s}:${p.toString()}`));
  const f = encodeFrame(1, 'abcdef');
  d.push(f.subarray(0, 10));
  assert.deepEqual(got, []);
  assert.equal(d.leftover, 10);
  d.push(f.subarray(10));
  assert.deepEqual(got, ['1:abcdef']);
});

test('encodes the header as Docker does', () => {
  assert.deepEqual([...encodeFrame(2, 'x')], [2, 0, 0, 0, 0, 0, 0, 1, 120]);
});
