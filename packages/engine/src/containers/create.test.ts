import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeConfig, validateHostConfig } from './create.js';
import { mergeEnv } from './env.js';
import type { ImageRecord } from '../images/image-record.js';

const image = (config: Record<string, unknown>): ImageRecord => ({
  id: 'sha256:i', config: { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, config },
  layers: [], topChainId: '', repoTags: [], repoDigests: [], size: 0, created: '', parent: '',
});
const id = 'b'.repeat(64);

test('Cmd from the image unless given; a user entrypoint drops the image Cmd', () => {
  const img = image({ Entrypoint: ['/ep'], Cmd: ['default'], Env: ['A=1', 'PATH=/bin'] });
  assert.deepEqual(mergeConfig({ Image: 'x' }, img, id).Cmd, ['default']);
  assert.deepEqual(mergeConfig({ Image: 'x', Cmd: ['mine'] }, img, id).Cmd, ['mine']);
  const withEp = mergeConfig({ Image: 'x', Entrypoint: ['/other'] }, img, id);
  assert.deepEqual(withEp.Entrypoint, ['/other']);
  assert.deepEqual(withEp.Cmd, []);
  assert.equal(mergeConfig({ Image: 'x', Entrypoint: [''] }, img, id).Entrypoint, null);
  assert.equal(mergeConfig({ Image: 'x' }, img, id).Hostname, id.slice(0, 12));
});

test('environment: user values override the image by name', () => {
  assert.deepEqual(mergeEnv(['A=1', 'PATH=/bin'], ['A=2', 'B=3']), ['A=2', 'PATH=/bin', 'B=3']);
});

test('host config checks with Docker messages', () => {
  assert.throws(() => validateHostConfig({ Memory: 1024 }), /Minimum memory limit allowed is 6MB/);
  assert.throws(() => validateHostConfig({ Memory: 64e6, MemorySwap: 32e6 }), /memoryswap limit should be larger/);
  assert.throws(() => validateHostConfig({ AutoRemove: true, RestartPolicy: { Name: 'always' } }), /AutoRemove/);
  assert.throws(() => validateHostConfig({ RestartPolicy: { Name: 'sometimes' as never } }), /invalid restart policy/);
  assert.equal(validateHostConfig({}).RestartPolicy?.Name, 'no');
});
