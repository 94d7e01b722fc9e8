import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkImageConfig } from './image-config-schema.js';

const config = (extra: object) => ({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, ...extra });

test('an image config Docker could not decode is refused in its words, and a good one is left as written', () => {
  assert.throws(() => checkImageConfig(config({ config: { Labels: { a: 1 } } })),
    { message: 'invalid image config: json: cannot unmarshal number into Go struct field DockerOCIImageConfig.config.Labels of type string' });
  assert.throws(() => checkImageConfig(config({ config: { Cmd: 'sh' } })), /cannot unmarshal string into Go struct field DockerOCIImageConfig\.config\.Cmd of type \[\]string/);
  assert.throws(() => checkImageConfig(config({ history: [{ empty_layer: 'yes' }] })), /History\.history\.empty_layer of type bool/);
  const good = config({ config: { Labels: { a: 'b' }, Cmd: ['sh'] }, container_config: { Cmd: ['x'] }, docker_version: '1.0' });
  const before = structuredClone(good);
  checkImageConfig(good);
  assert.deepEqual(good, before);
});
