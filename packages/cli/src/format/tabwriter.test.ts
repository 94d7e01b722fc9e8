import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tabwrite } from './tabwriter.js';

test('tabwriter pads as Docker (minwidth 10, padding 3)', () => {
  const out = tabwrite('CONTAINER ID\tIMAGE\tNAMES\nabc\tbusybox:latest\tweb\n');
  assert.equal(out, 'CONTAINER ID   IMAGE            NAMES\nabc            busybox:latest   web\n');
  assert.equal(tabwrite('A\tB\n'), 'A         B\n');
});
