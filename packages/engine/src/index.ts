export { createEngine, type Engine, type EngineConfig } from './engine.js';
export type { EngineEvent, EventType } from './events/event-bus.js';
export type { ContainerRecord, ContainerState, ContainerStatus } from './containers/container-record.js';
export { isRunning, ZERO_TIME } from './containers/container-record.js';
export type { LogEntry, LogOptions } from './containers/logs.js';
export { parseWaitCondition } from './containers/wait.js';
export { parseTimestamp } from './containers/filters.js';
export type { ImageRecord, LayerRecord } from './images/image-record.js';
export * as paths from './paths.js';
