/**
 * After a daemon (re)start: bring each recorded container in line with the
 * runtime. Containers run on under conmon while the daemon is down; exits
 * that happened meanwhile wait as exit files, applied by the ExitMonitor.
 *
 *   recorded running, runtime running/paused → adopt (pid from the runtime)
 *   recorded running, exit file present      → leave to the ExitMonitor
 *   recorded running, runtime knows nothing  → exited (255), as Docker does
 *   recorded created, runtime running        → a start that died before
 *                                              recording: adopt as running
 *   recorded removing                        → finish the removal
 */
import { access } from 'node:fs/promises';
import { exitFilePath } from '../paths.js';
import type { ContainerContext } from './context.js';
import { isRunning, nowRfc3339Nano, type ContainerRecord } from './container-record.js';
import { errorMessage } from '@quai/common';
import { releaseRuntime } from './exit.js';
import { releaseContainer } from './remove.js';

export async function reconcile(d: ContainerContext, warn: (message: string) => void = () => {}): Promise<void> {
  // One container that cannot be brought in line (a full disk) does not keep the daemon from starting.
  for (const c of d.store.all()) {
    await reconcileOne(d, c).catch((err) => warn(`reconciling container ${c.id}: ${errorMessage(err)}`));
  }
}

async function reconcileOne(d: ContainerContext, c: ContainerRecord): Promise<void> {
  if (c.state.status === 'removing') {
    d.store.forget(c.id);
    await releaseContainer(d, c);
    return;
  }
  if (!isRunning(c) && c.state.status !== 'created') return;
  const hasExitFile = await access(exitFilePath(d.paths, c.id)).then(() => true, () => false);
  if (hasExitFile) return;
  const state = await d.runtime.state(c.id);
  if (state && (state.status === 'running' || state.status === 'paused')) {
    if (c.state.status === 'created') c.state = { ...c.state, startedAt: nowRfc3339Nano() };
    c.state = { ...c.state, status: state.status, pid: state.pid };
    await d.store.save(c);
  } else if (isRunning(c)) {
    c.state = { ...c.state, status: 'exited', pid: 0, exitCode: 255, finishedAt: nowRfc3339Nano() };
    await releaseRuntime(d, c);
    await d.store.save(c);
  } else if (state) {
    // created in the runtime but never started: forget it, stay `created`.
    await releaseRuntime(d, c);
  }
}
