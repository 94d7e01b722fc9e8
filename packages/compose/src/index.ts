/**
 * Compose on quai's client: load a project from its files, plan what `up`
 * changes, apply it on an engine. The CLI's `quai compose` imports the
 * modules it needs directly (subpaths), so a command loads only its own.
 *
 *   const project = loadProject({ cwd: '/srv/app' });
 *   const engine = new Engine(new EngineClient({ host }));
 *   await up(engine, project, { wait: true }, createProgress(process.stderr, 'Running'));
 */
export type * from './model.js';
export { loadProject, type LoadedProject, type LoadOptions } from './load/load.js';
export { projectNameOf } from './load/resolve.js';
export { ComposeFileError } from './load/errors.js';
export { planUp, type Plan, type ContainerAction } from './plan/plan.js';
export { Engine } from './apply/engine.js';
export { up, type UpOptions } from './apply/up.js';
export { down, type DownOptions } from './apply/down.js';
export { createProgress, type Progress } from './progress.js';
export { serviceHash } from './hash.js';
export { LABELS, COMPOSE_VERSION } from './names.js';
