import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLogLine } from './logs.js';

test('k8s-file lines: full lines get their newline back, partial ones do not', () => {
  const full = parseLogLine(Buffer.from('2024-01-01T10:00:00.123456789+00:00 stdout F hello world'));
  assert.equal(full?.stream, 'stdout');
  assert.equal(full?.data.toString(), 'hello world\n');
  assert.equal(full?.time, '2024-01-01T10:00:00.123456789Z');
  const partial = parseLogLine(Buffer.from('2024-01-01T10:00:00.1+00:00 stderr P no newline'));
  assert.equal(partial?.stream, 'stderr');
  assert.equal(partial?.data.toString(), 'no newline');
  assert.equal(parseLogLine(Buffer.from('garbage')), undefined);
});
