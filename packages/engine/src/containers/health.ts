/**
 * Health checks (HEALTHCHECK / `--health-*`): while a container runs, a
 * timer runs its probe through the exec machinery and keeps State.Health.
 *
 *   start ──► starting ──probe exit 0──► healthy ◄──exit 0── unhealthy
 *                 │                         │                   ▲
 *                 └── Retries failures in a row (failures inside the
 *                     start period do not count while starting) ──┘
 *
 * The first probe runs one interval after the start (StartInterval while in
 * the start period). The last 5 results are kept; a status change emits a
 * `health_status: <status>` event, as Docker does. Exit and removal stop the
 * timer; the daemon re-arms it for running containers when it starts.
 */
import type { HealthConfig } from '@quai/common';
import { containerAttributes, type ContainerContext } from './context.js';
import { nowRfc3339Nano, type ContainerRecord } from './container-record.js';
import { ExecService } from './exec.js';

export type HealthStatus = 'starting' | 'healthy' | 'unhealthy';

export interface HealthResult { Start: string; End: string; ExitCode: number; Output: string }

export interface HealthState { Status: HealthStatus; FailingStreak: number; Log: HealthResult[] }

/** Docker's defaults, in nanoseconds as the API carries them. */
const DEFAULTS = { Interval: 30e9, Timeout: 30e9, StartPeriod: 0, StartInterval: 5e9, Retries: 3 };
const MAX_LOG = 5;
const MAX_OUTPUT = 4096;

/** Docker's merge at create: the user's fields over the image's, field by field. */
export function mergeHealthcheck(user: HealthConfig | undefined, image: HealthConfig | undefined): HealthConfig | undefined {
  if (!user) return image;
  if (!image) return user;
  return {
    ...user,
    Test: user.Test?.length ? user.Test : image.Test,
    Interval: user.Interval || image.Interval,
    Timeout: user.Timeout || image.Timeout,
    StartPeriod: user.StartPeriod || image.StartPeriod,
    StartInterval: user.StartInterval || image.StartInterval,
    Retries: user.Retries || image.Retries,
  };
}

/** The argv a probe runs, or undefined when there is no check (none, NONE, empty). */
export function probeCommand(test: string[] | undefined, shell: string[] | null | undefined): string[] | undefined {
  if (!test?.length) return undefined;
  switch (test[0]) {
    case 'CMD': return test.length > 1 ? test.slice(1) : undefined;
    case 'CMD-SHELL': return [...(shell?.length ? shell : ['/bin/sh', '-c']), test.slice(1).join(' ')];
    default: return undefined; // NONE, or an unknown kind Docker also ignores
  }
}

export function timing(h: HealthConfig): typeof DEFAULTS {
  return {
    Interval: h.Interval || DEFAULTS.Interval,
    Timeout: h.Timeout || DEFAULTS.Timeout,
    StartPeriod: h.StartPeriod || DEFAULTS.StartPeriod,
    StartInterval: h.StartInterval || DEFAULTS.StartInterval,
    Retries: h.Retries || DEFAULTS.Retries,
  };
}

/** One probe's result applied to the state (pure). */
export function applyResult(h: HealthState, r: HealthResult, retries: number, inStartPeriod: boolean): HealthState {
  const Log = [...h.Log, r].slice(-MAX_LOG);
  if (r.ExitCode === 0) return { Status: 'healthy', FailingStreak: 0, Log };
  if (inStartPeriod && h.Status === 'starting') return { ...h, Log };
  const FailingStreak = h.FailingStreak + 1;
  return { Status: FailingStreak >= retries ? 'unhealthy' : h.Status, FailingStreak, Log };
}

/** What `ps` shows in parentheses after "Up ...". */
export function healthSuffix(h: HealthState | undefined): string | undefined {
  if (!h) return undefined;
  return h.Status === 'starting' ? 'health: starting' : h.Status;
}

/** `ps --filter health=`: starting, healthy, unhealthy or none. */
export function healthMatches(c: ContainerRecord, wanted: string): boolean {
  const status = probeCommand(c.config.Healthcheck?.Test, c.config.Shell) ? c.state.health?.Status ?? 'none' : 'none';
  return status === wanted;
}

const execServices = new WeakMap<ContainerContext, ExecService>();

/** Arm the probe of a container that just started (or still runs after a daemon restart). */
export function startHealth(d: ContainerContext, c: ContainerRecord, opts: { resume?: boolean } = {}): void {
  stopHealth(d, c.id);
  const monitors = d.supervision.probes;
  const cmd = probeCommand(c.config.Healthcheck?.Test, c.config.Shell);
  if (!cmd) return;
  if (!opts.resume || !c.state.health) {
    c.state.health = { Status: 'starting', FailingStreak: 0, Log: c.state.health?.Log ?? [] };
    void d.store.save(c).catch(() => {});
  }
  const t = timing(c.config.Healthcheck!);
  let execs = execServices.get(d);
  if (!execs) execServices.set(d, (execs = new ExecService(d)));
  const startedAt = Date.now();
  const schedule = () => {
    const inStart = Date.now() - startedAt < t.StartPeriod / 1e6;
    const delay = (inStart && c.state.health?.Status === 'starting' ? t.StartInterval : t.Interval) / 1e6;
    const timer = setTimeout(() => void tick(), delay);
    timer.unref();
    monitors.set(c.id, timer);
  };
  const tick = async () => {
    if (!monitors.has(c.id)) return;
    monitors.set(c.id, undefined);
    if (c.state.status === 'running') {
      const inStart = Date.now() - startedAt < t.StartPeriod / 1e6;
      const result = await runProbe(execs!, c, cmd, t.Timeout / 1e6);
      if (!monitors.has(c.id) || d.store.find(c.id) !== c || c.state.status !== 'running') return;
      const before = c.state.health ?? { Status: 'starting', FailingStreak: 0, Log: [] };
      c.state.health = applyResult(before, result, t.Retries, inStart);
      await d.store.save(c).catch(() => {});
      if (c.state.health.Status !== before.Status) {
        d.events.publish('container', `health_status: ${c.state.health.Status}`, c.id, containerAttributes(c));
      }
    }
    if (monitors.has(c.id)) schedule();
  };
  schedule();
}

/** Stop probing (exit, stop, removal). */
export function stopHealth(d: ContainerContext, id: string): void {
  const timer = d.supervision.probes.get(id);
  if (timer) clearTimeout(timer);
  d.supervision.probes.delete(id);
}

/** When the daemon starts: probes of the containers that kept running. */
export function resumeHealth(d: ContainerContext): void {
  for (const c of d.store.all()) if (c.state.status === 'running') startHealth(d, c, { resume: true });
}

async function runProbe(execs: ExecService, c: ContainerRecord, cmd: string[], timeoutMs: number): Promise<HealthResult> {
  const Start = nowRfc3339Nano();
  let output = '';
  const keep = (chunk: Buffer) => { if (output.length < MAX_OUTPUT) output = (output + chunk.toString()).slice(0, MAX_OUTPUT); };
  let timer: NodeJS.Timeout | undefined;
  try {
    const id = execs.create(c.id, {
      cmd, env: [], workingDir: '', user: '', privileged: false, tty: false,
      attachStdin: false, attachStdout: true, attachStderr: true, detachKeys: '',
    });
    const run = await execs.start(id);
    run.stdin.end();
    run.stdout.on('data', keep);
    run.stderr.on('data', keep);
    const timedOut = new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), timeoutMs); });
    const code = await Promise.race([run.exited, timedOut]);
    if (code === null) {
      // As Docker: the probe is abandoned; unlike Docker we also end it so it cannot pile up.
      const pid = execs.get(id).pid;
      if (pid > 0) try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
      return { Start, End: nowRfc3339Nano(), ExitCode: -1, Output: `Health check exceeded timeout (${formatSeconds(timeoutMs)})` };
    }
    return { Start, End: nowRfc3339Nano(), ExitCode: code, Output: output };
  } catch (err) {
    return { Start, End: nowRfc3339Nano(), ExitCode: -1, Output: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
