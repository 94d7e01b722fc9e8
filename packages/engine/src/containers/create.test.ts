import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeConfig } from './create.js';
import { defaultSpec, type ContainerSpec } from './container-spec.js';
import { mergeEnv } from './env.js';
import type { ImageRecord } from '../images/image-record.js';

const image = (config: Record<string, unknown>): ImageRecord => ({
  id: 'sha256:i', config: { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, config },
  layers: [], topChainId: '', repoTags: [], repoDigests: [], size: 0, created: '', parent: '',
});
const id = 'b'.repeat(64);

const spec = (fields: Partial<ContainerSpec>): ContainerSpec => ({ ...defaultSpec('x'), ...fields });

test('Cmd from the image unless given; a user entrypoint drops the image Cmd', () => {
  const img = image({ Entrypoint: ['/ep'], Cmd: ['default'], Env: ['A=1', 'PATH=/bin'] });
  assert.deepEqual(mergeConfig(spec({}), img, id).Cmd, ['default']);
  assert.deepEqual(mergeConfig(spec({ cmd: ['mine'] }), img, id).Cmd, ['mine']);
  const withEp = mergeConfig(spec({ entrypoint: ['/other'] }), img, id);
  assert.deepEqual(withEp.Entrypoint, ['/other']);
  assert.deepEqual(withEp.Cmd, []);
  const reset = mergeConfig(spec({ entrypoint: [] }), img, id);
  assert.equal(reset.Entrypoint, null);
  assert.deepEqual(reset.Cmd, []);
  const none = mergeConfig(spec({ entrypoint: 'none' }), img, id);
  assert.equal(none.Entrypoint, null);
  assert.deepEqual(none.Cmd, ['default']);
  assert.equal(mergeConfig(spec({}), img, id).Hostname, id.slice(0, 12));
});

test('labels, exposed ports and volumes add to the image\'s; the client\'s other fields stay for inspect', () => {
  const img = image({ Labels: { a: '1', b: '1' }, ExposedPorts: { '80/tcp': {} } });
  const config = mergeConfig(spec({ labels: { b: '2' }, exposedPorts: ['53/udp'], dockerConfig: { Image: 'x', StopTimeout: 3 } }), img, id);
  assert.deepEqual(config.Labels, { a: '1', b: '2' });
  assert.deepEqual(config.ExposedPorts, { '80/tcp': {}, '53/udp': {} });
  assert.equal(config.Volumes, undefined);
  assert.equal(config.StopTimeout, 3);
});

test('environment: user values override the image by name', () => {
  assert.deepEqual(mergeEnv(['A=1', 'PATH=/bin'], ['A=2', 'B=3']), ['A=2', 'PATH=/bin', 'B=3']);
});
