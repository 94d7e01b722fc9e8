/**
 * A namespace's cgroup parent, `/quai/<ns>`: every container of the
 * namespace runs at `/quai/<ns>/<id>` (crun creates that), so the limits
 * written here bound the namespace as a whole, in the kernel.
 *
 *   cgroup v1  /sys/fs/cgroup/memory/quai/<ns>/memory.limit_in_bytes (+ memsw: no swap beyond it)
 *              /sys/fs/cgroup/cpu/quai/<ns>/cpu.cfs_quota_us, cpu.cfs_period_us
 *              /sys/fs/cgroup/pids/quai/<ns>/pids.max
 *   cgroup v2  /sys/fs/cgroup/quai/<ns>/{memory.max, memory.swap.max, cpu.max, pids.max}
 *
 * cgroups live in memory: the daemon writes the limits again when it starts.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CGROUP_ROOT } from '../containers/cgroup.js';
import type { Quota } from './namespace-record.js';

const CPU_PERIOD_US = 100_000;

export function namespaceCgroupParent(base: string, ns: string): string {
  return ns === 'default' ? base : `${base}/${ns}`;
}

export async function applyCgroupLimits(o: { parent: string; cgroupV2: boolean; quota: Quota }): Promise<void> {
  const q = o.quota;
  const cpuQuota = q.nanoCpus ? Math.max(1000, Math.round((q.nanoCpus / 1e9) * CPU_PERIOD_US)) : undefined;
  if (o.cgroupV2) {
    const dir = join(CGROUP_ROOT, o.parent);
    await enableControllers(o.parent);
    await mkdir(dir, { recursive: true });
    await write(dir, 'memory.max', q.memory !== undefined ? String(q.memory) : 'max');
    if (q.memory !== undefined) await write(dir, 'memory.swap.max', '0').catch(() => {});
    await write(dir, 'cpu.max', cpuQuota ? `${cpuQuota} ${CPU_PERIOD_US}` : `max ${CPU_PERIOD_US}`);
    await write(dir, 'pids.max', q.pids !== undefined ? String(q.pids) : 'max');
    return;
  }
  const dirOf = (controller: string) => join(CGROUP_ROOT, controller, o.parent);
  if (q.memory !== undefined) {
    await mkdir(dirOf('memory'), { recursive: true });
    // memsw ≥ limit at every moment: raise memsw first when growing, lower it last when shrinking.
    await write(dirOf('memory'), 'memory.memsw.limit_in_bytes', '-1').catch(() => {});
    await write(dirOf('memory'), 'memory.limit_in_bytes', String(q.memory));
    await write(dirOf('memory'), 'memory.memsw.limit_in_bytes', String(q.memory)).catch(() => {});
  }
  if (cpuQuota) {
    await mkdir(dirOf('cpu'), { recursive: true });
    await write(dirOf('cpu'), 'cpu.cfs_period_us', String(CPU_PERIOD_US));
    await write(dirOf('cpu'), 'cpu.cfs_quota_us', String(cpuQuota));
  }
  if (q.pids !== undefined) {
    await mkdir(dirOf('pids'), { recursive: true });
    await write(dirOf('pids'), 'pids.max', String(q.pids));
  }
}

/** v2: a child gets a controller only if every ancestor's subtree_control lists it. */
async function enableControllers(parent: string): Promise<void> {
  const parts = parent.split('/').filter(Boolean);
  let dir = CGROUP_ROOT;
  for (const part of parts) {
    await write(dir, 'cgroup.subtree_control', '+memory +cpu +pids').catch(() => {});
    dir = join(dir, part);
    await mkdir(dir, { recursive: true });
  }
}

/** Every `<hierarchy>/<parent>` dir left (crun may have made one in each v1 hierarchy). */
export async function cgroupDirsOf(parent: string): Promise<string[]> {
  const roots = existsSync(join(CGROUP_ROOT, 'cgroup.controllers'))
    ? [CGROUP_ROOT]
    : (await readdir(CGROUP_ROOT).catch(() => [] as string[])).map((h) => join(CGROUP_ROOT, h));
  return roots.map((r) => join(r, parent)).filter((d) => existsSync(d));
}

/** Remove the namespace's cgroup dirs, once its containers are gone (theirs went with them). */
export async function removeCgroupParent(parent: string): Promise<void> {
  for (const dir of await cgroupDirsOf(parent)) await removeTree(dir);
}

async function removeTree(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) if (e.isDirectory()) await removeTree(join(dir, e.name));
  await rmdir(dir).catch(() => {});
}

function write(dir: string, file: string, value: string): Promise<void> {
  return writeFile(join(dir, file), value);
}
