/**
 * The engine's timers and hooks per container, owned by the engine (not by
 * modules), so that a container's removal, a namespace's removal and the
 * daemon's shutdown all reach them:
 *
 *   restarts      pending restart-policy restarts (restart-policy.ts)
 *   probes        health check timers (health.ts)
 *   logWatchers   json-file rotation checks (log-rotation.ts)
 *   attachHooks   clients attached before start, run by the runtime's start
 */
import { AttachHooks } from '../runtime/attach-hooks.js';

export interface PendingRestart { timer?: NodeJS.Timeout; delayMs: number }

export class Supervision {
  readonly restarts = new Map<string, PendingRestart>();
  readonly probes = new Map<string, NodeJS.Timeout | undefined>();
  readonly logWatchers = new Map<string, NodeJS.Timeout>();
  readonly attachHooks = new AttachHooks();

  /** Daemon shutdown: no timer fires again (containers run on under conmon). */
  stopAll(): void {
    for (const p of this.restarts.values()) clearTimeout(p.timer);
    for (const t of this.probes.values()) clearTimeout(t);
    for (const t of this.logWatchers.values()) clearInterval(t);
    this.restarts.clear();
    this.probes.clear();
    this.logWatchers.clear();
  }
}
