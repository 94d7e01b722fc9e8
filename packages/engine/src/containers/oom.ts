/**
 * Whether the kernel's OOM killer ended a process of the container: the
 * container cgroup's own count (v1 memory.oom_control `oom_kill`, v2
 * memory.events `oom_kill`), read at exit before the runtime deletes the
 * cgroup. A kill for the container's own limit and one for its namespace's
 * (the cgroup parent /quai/<ns>) both count in the victim's cgroup.
 */
import type { ContainerContext } from './context.js';
import type { ContainerRecord } from './container-record.js';
import { parseFlatKeyed, readCgroup } from './cgroup.js';

export async function wasOomKilled(d: ContainerContext, c: ContainerRecord): Promise<boolean> {
  const text = await readCgroup(d, c, 'memory', d.host.cgroupV2 ? 'memory.events' : 'memory.oom_control');
  return (parseFlatKeyed(text).oom_kill ?? 0) > 0;
}
