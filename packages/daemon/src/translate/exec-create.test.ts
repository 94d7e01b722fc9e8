import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execConfig } from './exec-create.js';

test('exec create: Docker\'s defaults, and refusals before anything runs', () => {
  assert.deepEqual(execConfig({ Cmd: ['ls'], AttachStdout: true }), {
    cmd: ['ls'], env: [], workingDir: '', user: '', privileged: false, tty: false,
    attachStdin: false, attachStdout: true, attachStderr: false, detachKeys: '',
  });
  assert.throws(() => execConfig({ Cmd: ['ls'], WorkingDir: 'tmp' }), /the working directory 'tmp' is invalid, it needs to be an absolute path/);
  assert.throws(() => execConfig({ Cmd: ['ls'], DetachKeys: 'ctrl-' }), { kind: 'invalid-argument' });
});
