/** `pause` / `unpause`: the cgroup freezer through the runtime (`crun pause/resume`). */
import { ConflictError } from '@quai/common';
import { containerAttributes, type ContainerContext } from './context.js';
import type { ContainerRecord } from './container-record.js';

export function pauseContainer(d: ContainerContext, c: ContainerRecord): Promise<void> {
  return d.locks.run(c.id, async () => {
    if (c.state.status === 'paused') throw new ConflictError(`Container ${c.id} is already paused`);
    if (c.state.status !== 'running') throw new ConflictError(`Container ${c.id} is not running`);
    await d.runtime.pause(c.id).catch(async (err: Error) => {
      // The process ended between our look and the freeze: the container is not running any more, as dockerd would say.
      if ((await d.runtime.state(c.id))?.status !== 'running') throw new ConflictError(`Container ${c.id} is not running`);
      throw err;
    });
    c.state = { ...c.state, status: 'paused' };
    await d.store.save(c);
    d.events.publish('container', 'pause', c.id, containerAttributes(c));
  });
}

export function unpauseContainer(d: ContainerContext, c: ContainerRecord): Promise<void> {
  return d.locks.run(c.id, async () => {
    if (c.state.status !== 'paused') throw new ConflictError(`Container ${c.id} is not paused`);
    await d.runtime.resume(c.id);
    c.state = { ...c.state, status: 'running' };
    await d.store.save(c);
    d.events.publish('container', 'unpause', c.id, containerAttributes(c));
  });
}
