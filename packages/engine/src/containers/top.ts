/**
 * `top`: as Docker, run `ps` on the host with the user's ps_args (default
 * `-ef`) and keep the rows whose PID is in the container's cgroup.
 */
import { ConflictError, InvalidArgumentError } from '@quai/common';
import { run } from '../host/run.js';
import type { ContainerContext } from './context.js';
import { isRunning, type ContainerRecord } from './container-record.js';
import { containerPids } from './cgroup.js';

export interface TopResult { Titles: string[]; Processes: string[][] }

export async function topContainer(d: ContainerContext, c: ContainerRecord, psArgs = '-ef'): Promise<TopResult> {
  if (!isRunning(c)) throw new ConflictError(`Container ${c.id} is not running`);
  const pids = new Set(await containerPids(d, c));
  const args = psArgs.split(/\s+/).filter(Boolean);
  let out: string;
  try { out = await run('/usr/bin/ps', args); } catch (err) {
    throw new InvalidArgumentError(`Error running ps: ${(err as Error).message}`);
  }
  return parsePs(out, pids);
}

/** ps output → titles and the rows of `pids`; the last column keeps its spaces (the command). */
export function parsePs(out: string, pids: Set<number>): TopResult {
  const lines = out.split('\n').filter((l) => l.trim());
  const titles = (lines[0] ?? '').trim().split(/\s+/);
  const pidCol = titles.indexOf('PID');
  if (pidCol < 0) throw new InvalidArgumentError(`Couldn't find PID field in ps output`);
  const processes: string[][] = [];
  for (const line of lines.slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (!pids.has(Number(fields[pidCol]))) continue;
    const row = fields.slice(0, titles.length - 1);
    row.push(fields.slice(titles.length - 1).join(' '));
    processes.push(row);
  }
  return { Titles: titles, Processes: processes };
}
