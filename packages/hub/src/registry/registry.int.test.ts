import { startTestHub } from '../test-hub.js';
import { registryApiSuite } from './registry.suite.js';

registryApiSuite('SQLite metadata', () => startTestHub());
