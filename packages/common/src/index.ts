export * from './errors.js';
export * from './digest.js';
export * from './reference.js';
