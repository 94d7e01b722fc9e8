export * from './errors.js';
export * from './digest.js';
export * from './reference.js';
export * from './oci.js';
export * from './docker/container.js';
export * from './docker/responses.js';
export * from './units.js';
export * from './filters.js';
