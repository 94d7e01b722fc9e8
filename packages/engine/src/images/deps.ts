/** What every image operation works with; ImageService hands it to each verb. */
import type { ContentStore } from '../content/content-store.js';
import type { EventBus } from '../events/event-bus.js';
import type { EnginePaths } from '../paths.js';
import type { Snapshotter } from '../snapshots/snapshotter.js';
import type { ImageIndex } from './image-index.js';
import type { ImageUsers } from './image-record.js';

export interface ImageDeps {
  paths: EnginePaths;
  content: ContentStore;
  snapshotter: Snapshotter;
  events: EventBus;
  users: ImageUsers;
  index: ImageIndex;
}
