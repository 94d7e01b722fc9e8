import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DiskUsage } from '@quai/client';
import { summaryRows } from './df.js';

test('summaryRows sums as Docker CLI: reclaimable with percent, shared cache not counted', () => {
  const du = {
    LayersSize: 2_000_000,
    Images: [{ Size: 2_000_000, SharedSize: 500_000, Containers: 1 }, { Size: 500_000, SharedSize: 500_000, Containers: 0 }],
    Containers: [{ State: 'running', SizeRw: 100, LogSize: 10 }, { State: 'exited', SizeRw: 300, LogSize: 30 }],
    Volumes: [{ Name: 'a', UsageData: { Size: 1000, RefCount: 0 } }, { Name: 'b', UsageData: { Size: -1, RefCount: 1 } }],
    BuildCache: [{ Shared: false, InUse: false, Size: 5000 }, { Shared: true, InUse: false, Size: 7000 }],
    LogsSize: 40,
  } as unknown as DiskUsage;
  const rows = summaryRows(du);
  assert.deepEqual(rows[0], { Type: 'Images', TotalCount: '2', Active: '1', Size: '2MB', Reclaimable: '500kB (25%)' });
  assert.deepEqual(rows[1], { Type: 'Containers', TotalCount: '2', Active: '1', Size: '400B', Reclaimable: '300B (75%)' });
  assert.deepEqual(rows[2], { Type: 'Local Volumes', TotalCount: '2', Active: '1', Size: '1kB', Reclaimable: '1kB (100%)' });
  assert.deepEqual(rows[3], { Type: 'Build Cache', TotalCount: '2', Active: '0', Size: '5kB', Reclaimable: '5kB' });
  assert.deepEqual(rows[4], { Type: 'Logs', TotalCount: '2', Active: '1', Size: '40B', Reclaimable: '30B (75%)' });
});
