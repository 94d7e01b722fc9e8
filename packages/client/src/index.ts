export * from './client.js';
export * from './demux.js';
export * from './errors.js';
export * from './host.js';
export type * from './types.js';
