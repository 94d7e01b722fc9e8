import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pullRef } from './pull.js';

describe('pullRef', () => {
  it('joins fromImage and tag as the docker CLI splits them', () => {
    assert.equal(pullRef('busybox', 'latest'), 'busybox:latest');
    assert.equal(pullRef('127.0.0.1:5000/alice/bb', '1'), '127.0.0.1:5000/alice/bb:1');
    assert.equal(pullRef('bb', `sha256:${'a'.repeat(64)}`), `bb@sha256:${'a'.repeat(64)}`);
    assert.equal(pullRef('busybox:1.36', ''), 'busybox:1.36');
    assert.equal(pullRef('127.0.0.1:5000/bb', ''), '127.0.0.1:5000/bb');
  });
});
