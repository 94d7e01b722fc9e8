export { startPlayground, type Playground, type StartOptions } from './server.js';
export { configFromFlags, parseDuration, DEFAULTS, type PlayConfig, type PlayFlags } from './config.js';
