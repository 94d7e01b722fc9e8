export { startHub, handle, type HubServer, type ListenOptions } from './server.js';
export { openHub, type Hub, type HubConfig } from './hub.js';
export { collectGarbage } from './gc.js';
export type { StorageDriver } from './storage/storage-driver.js';
export { FsStorageDriver } from './storage/fs-storage-driver.js';
