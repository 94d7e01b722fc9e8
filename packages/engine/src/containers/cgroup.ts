/**
 * Reading a container's cgroup files. crun puts every container at
 * `<parent>/<id>`: in each controller's hierarchy on cgroup v1
 * (/sys/fs/cgroup/<controller>/quai/<id>), once in the unified hierarchy on
 * v2 (/sys/fs/cgroup/quai/<id>, every controller's files side by side).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerContext } from './context.js';
import type { ContainerRecord } from './container-record.js';

export const CGROUP_ROOT = '/sys/fs/cgroup';

/** The host runs cgroup v2 only (a v1 or hybrid host has no cgroup.controllers at the root). */
export const isCgroupV2 = (root = CGROUP_ROOT) => existsSync(join(root, 'cgroup.controllers'));

export function cgroupDir(d: ContainerContext, c: ContainerRecord, controller: string): string {
  return d.host.cgroupV2 ? join(CGROUP_ROOT, d.host.cgroupParent, c.id) : join(CGROUP_ROOT, controller, d.host.cgroupParent, c.id);
}

/** A file's text, '' when it cannot be read (container gone, controller missing). */
export async function readCgroup(d: ContainerContext, c: ContainerRecord, controller: string, file: string): Promise<string> {
  return readFile(join(cgroupDir(d, c, controller), file), 'utf8').catch(() => '');
}

/** `key value` lines (memory.stat, cpu.stat) as numbers. */
export function parseFlatKeyed(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const [k, v] = line.trim().split(/\s+/);
    if (k && v !== undefined && /^-?\d+$/.test(v)) out[k] = Number(v);
  }
  return out;
}

/** The pids in the container's cgroup. */
export async function containerPids(d: ContainerContext, c: ContainerRecord): Promise<number[]> {
  const text = (await readCgroup(d, c, 'pids', 'cgroup.procs')) || (await readCgroup(d, c, 'memory', 'cgroup.procs'));
  return text.split('\n').filter(Boolean).map(Number);
}
