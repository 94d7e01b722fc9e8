import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDeviceRule } from './isolation.js';

test('device cgroup rules: * is any major or minor', () => {
  assert.deepEqual(parseDeviceRule('c 42:* rmw'), { allow: true, type: 'c', access: 'rmw', major: 42 });
  assert.deepEqual(parseDeviceRule('a *:* m'), { allow: true, type: 'a', access: 'm' });
  assert.deepEqual(parseDeviceRule('b 7:0 r'), { allow: true, type: 'b', access: 'r', major: 7, minor: 0 });
});
