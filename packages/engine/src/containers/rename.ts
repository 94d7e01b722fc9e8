/** `rename`: names are unique; the record is rewritten atomically. */
import { InvalidArgumentError } from '@quai/common';
import { containerAttributes, type ContainerContext } from './context.js';
import type { ContainerRecord } from './container-record.js';

export async function renameContainer(d: ContainerContext, c: ContainerRecord, newName: string): Promise<void> {
  if (!newName) throw new InvalidArgumentError('Neither old nor new names may be empty');
  const oldName = c.name;
  if ((newName.startsWith('/') ? newName.slice(1) : newName) === oldName) {
    throw new InvalidArgumentError('Renaming a container with the same name as its current name');
  }
  const bare = d.store.reserveName(newName, c.id);
  c.name = bare;
  try {
    await d.store.save(c);
  } catch (err) {
    c.name = oldName;
    d.store.releaseName(bare, c.id);
    throw err;
  }
  d.store.releaseName(oldName, c.id);
  d.events.publish('container', 'rename', c.id, containerAttributes(c, { oldName: `/${oldName}` }));
}
