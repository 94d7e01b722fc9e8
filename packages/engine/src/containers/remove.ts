/** `rm`: refuse running containers unless forced; release everything the container held. */
import { ConflictError } from '@quai/common';
import { containerAttributes, type ContainerContext } from './context.js';
import { isRunning } from './container-record.js';
import { releaseRuntime } from './exit.js';
import { unmount } from '../host/mount.js';
import { rootfsMountPath } from '../paths.js';

export async function removeContainer(d: ContainerContext, ref: string, opts: { force?: boolean; volumes?: boolean }): Promise<void> {
  const c = d.store.get(ref);
  if (isRunning(c)) {
    if (!opts.force) {
      throw new ConflictError(`cannot remove container "/${c.name}": container is running: stop the container before removing or force remove`);
    }
    const exited = d.exits.nextExit(c.id);
    await d.runtime.kill(c.id, 'SIGKILL').catch(() => {});
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  }
  // The exit handler already released the runtime of a container that ran;
  // only one whose exit never came still holds it.
  const holdsRuntime = isRunning(c);
  const removed = await d.locks.run(c.id, async () => {
    if (!d.store.find(c.id)) return false;
    c.state.status = 'removing';
    await d.store.save(c);
    if (holdsRuntime) await releaseRuntime(d, c);
    else await unmount(rootfsMountPath(d.paths, c.id)).catch(() => {});
    await d.snapshotter.remove(c.id).catch(() => {});
    await d.store.delete(c.id);
    return true;
  });
  if (!removed) return;
  d.events.publish('container', 'destroy', c.id, containerAttributes(c));
  d.exits.notifyRemoved(c.id, c.state.exitCode);
}
