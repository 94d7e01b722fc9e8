/** `rm`: refuse running containers unless forced; release everything the container held. */
import { ConflictError } from '@quai/common';
import { containerAttributes, type ContainerContext } from './context.js';
import { isRunning } from './container-record.js';
import { releaseRuntime } from './exit.js';
import { cancelRestart } from './restart-policy.js';
import { stopHealth } from './health.js';
import { unwatchLogRotation } from './log-rotation.js';
import type { ContainerRecord } from './container-record.js';

export async function removeContainer(d: ContainerContext, ref: string, opts: { force?: boolean; volumes?: boolean }): Promise<void> {
  const c = d.store.get(ref);
  if (isRunning(c) && !opts.force) {
    // Docker's words; a container between exit and restart counts as running.
    const state = c.state.status === 'paused' ? 'paused and must be unpaused first' : `${c.state.status}: stop the container before removing or force remove`;
    throw new ConflictError(`cannot remove container "/${c.name}": container is ${state}`);
  }
  stopHealth(d, c.id);
  unwatchLogRotation(d.supervision.logWatchers, c.id);
  await cancelRestart(d, c);
  if (isRunning(c)) {
    const exited = d.exits.nextExit(c.id);
    await d.locks.run(c.id, () => d.runtime.kill(c.id, 'SIGKILL')).catch(() => {});
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  }
  // Once `removing` is on disk the container is gone for users (its name is
  // free at once); the cleanup after it finishes under the lock, and a
  // daemon restart finishes it if we die half way (reconcile.ts).
  const removed = await d.locks.run(c.id, async () => {
    if (!d.store.find(c.id)) return false;
    c.state.status = 'removing';
    await d.store.save(c);
    d.store.forget(c.id);
    return true;
  });
  if (!removed) return;
  d.events.publish('container', 'destroy', c.id, containerAttributes(c));
  d.exits.notifyRemoved(c.id, c.state.exitCode);
  await d.locks.run(c.id, () => releaseContainer(d, c));
  // `rm -v`: anonymous volumes only; named ones are never removed behind the user's back.
  if (opts.volumes) {
    for (const m of c.mounts ?? []) if (m.anonymous && m.name) await d.volumes.remove(m.name, { force: true }).catch(() => {});
  }
}

/** Everything a removed container still holds: runtime state, rootfs, snapshot, directory. */
export async function releaseContainer(d: ContainerContext, c: ContainerRecord): Promise<void> {
  await releaseRuntime(d, c);
  await d.snapshotter.remove(c.id).catch(() => {});
  await d.store.delete(c.id);
}
