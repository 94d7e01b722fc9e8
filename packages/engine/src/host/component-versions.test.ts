import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseVersionOutput } from './component-versions.js';

describe('parseVersionOutput', () => {
  it('reads crun, runc, conmon and tini --version output', () => {
    assert.deepEqual(parseVersionOutput('crun version 1.8.1\ncommit: f8a096be060b22ccd3d5f3ebe44108517fbf6c30\nrundir: /run/crun\nspec: 1.0.0\n+SYSTEMD +SECCOMP\n', 'x'),
      { name: 'crun', version: '1.8.1', commit: 'f8a096be060b22ccd3d5f3ebe44108517fbf6c30' });
    assert.deepEqual(parseVersionOutput('runc version 1.1.12\ncommit: v1.1.12-0-g51d5e946\nspec: 1.0.2-dev\n', 'x'),
      { name: 'runc', version: '1.1.12', commit: 'v1.1.12-0-g51d5e946' });
    assert.deepEqual(parseVersionOutput('conmon version 2.1.6\ncommit: unknown\n', 'x'), { name: 'conmon', version: '2.1.6', commit: '' });
    assert.deepEqual(parseVersionOutput('tini version 0.19.0 - git.de40ad0\n', 'x'), { name: 'tini', version: '0.19.0', commit: 'de40ad0' });
    assert.deepEqual(parseVersionOutput('tini version 0.19.0\n', 'x'), { name: 'tini', version: '0.19.0', commit: '' });
    assert.deepEqual(parseVersionOutput('garbage', 'init'), { name: 'init', version: '', commit: '' });
  });
});
