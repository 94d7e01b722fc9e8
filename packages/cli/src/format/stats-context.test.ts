import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpuPercent, statsContext } from './stats-context.js';

test('stats row as docker computes it', () => {
  const row = statsContext({
    id: 'a'.repeat(64), name: '/box',
    cpu_stats: { cpu_usage: { total_usage: 2e9 }, system_cpu_usage: 20e9, online_cpus: 2 },
    precpu_stats: { cpu_usage: { total_usage: 1e9 }, system_cpu_usage: 10e9 },
    memory_stats: { usage: 2 * 1048576, limit: 64 * 1048576, stats: { total_inactive_file: 1048576 } },
    pids_stats: { current: 3 },
    blkio_stats: { io_service_bytes_recursive: [{ op: 'read', value: 1000 }, { op: 'write', value: 2000 }] },
  }, 'box');
  assert.deepEqual(row, {
    Container: 'box', ID: 'aaaaaaaaaaaa', Name: 'box', CPUPerc: '20.00%', MemUsage: '1MiB / 64MiB', MemPerc: '1.56%',
    NetIO: '0B / 0B', BlockIO: '1kB / 2kB', PIDs: '3',
  });
  assert.equal(cpuPercent({}), 0);
});
