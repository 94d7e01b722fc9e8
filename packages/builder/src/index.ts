export { build, BuildError, type BuildOptions, type BuildOutput } from './build.js';
export { BuildCache } from './cache.js';
export { extractContext } from './context.js';
