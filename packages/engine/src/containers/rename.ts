/** `rename`: names are unique; the record is rewritten atomically. */
import { InvalidArgumentError } from '@quai/common';
import { containerAttributes, type ContainerContext } from './context.js';
import type { ContainerRecord } from './container-record.js';

export async function renameContainer(d: ContainerContext, c: ContainerRecord, newName: string): Promise<void> {
  if (!newName) throw new InvalidArgumentError('Neither old nor new names may be empty');
  const oldName = c.name;
  const bare = d.store.checkName(newName, c.id);
  if (bare === oldName) throw new InvalidArgumentError('Renaming a container with the same name as its current name');
  c.name = bare;
  await d.store.save(c);
  d.events.publish('container', 'rename', c.id, containerAttributes(c, { oldName: `/${oldName}` }));
}
