import { test } from 'node:test';
import assert from 'node:assert/strict';
import { historyItems } from './history.js';
import type { ImageRecord } from './image-record.js';

const d = (c: string) => `sha256:${c.repeat(64)}`;

test('history: newest first, sizes from layers, <missing> below the image', () => {
  const image: ImageRecord = {
    id: d('a'), topChainId: d('2'), repoTags: ['app:1'], repoDigests: [], size: 30, created: '2024-01-02T00:00:00Z', parent: '',
    layers: [{ diffId: d('1'), chainId: d('1'), size: 10 }, { diffId: d('2'), chainId: d('2'), size: 20 }],
    config: {
      architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [d('1'), d('2')] },
      history: [
        { created: '2024-01-01T00:00:00Z', created_by: 'ADD file', comment: '' },
        { created: '2024-01-01T00:00:01Z', created_by: 'ENV A=1', empty_layer: true },
        { created: '2024-01-02T00:00:00Z', created_by: 'RUN x' },
      ],
    },
  };
  const items = historyItems(image, () => undefined);
  assert.deepEqual(items.map((i) => [i.Id, i.CreatedBy, i.Size, i.Tags]), [
    [d('a'), 'RUN x', 20, ['app:1']],
    ['<missing>', 'ENV A=1', 0, null],
    ['<missing>', 'ADD file', 10, null],
  ]);
  assert.equal(items[0]!.Created, Date.UTC(2024, 0, 2) / 1000);
});
