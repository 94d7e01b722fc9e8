/**
 * `exec`: a second process in a running container. Each exec is created
 * (a record with the command), then started once: the engine spawns
 * `crun exec --process <file>` with pipes, so crun stays the parent of the
 * process and its exit code is the process's (crun reports 255 when the
 * command cannot be started; we turn that into Docker's 126/127).
 *
 *   create(ref, config) → id        record only, nothing runs
 *   start(id)           → ExecRun   stdin/stdout/stderr pipes + exit promise
 *   inspect(id)                     Running, ExitCode, Pid, ProcessConfig
 *
 * With Tty the process gets a terminal: crun sends the pty master to the
 * quai-attach helper listening on a console socket (runtime/attach-helper.ts),
 * which bridges it with pipes; resize() reaches it through the helper.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:os';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { ConflictError, FailedPreconditionError, NotFoundError } from '@quai/common';
import { bundleDir, execDir, rootfsMountPath } from '../paths.js';
import { containerAttributes, type ContainerContext } from './context.js';
import { isRunning, type ContainerRecord } from './container-record.js';
import { resolveUser } from './user.js';
import { mergeEnv } from './env.js';
import { spawnAttachHelper, type HelperProcess } from '../runtime/attach-helper.js';
import { streamClosed as closed } from '../host/spawn.js';

export interface ExecConfig {
  cmd: string[];
  env: string[];
  workingDir: string;
  user: string;
  privileged: boolean;
  tty: boolean;
  attachStdin: boolean;
  attachStdout: boolean;
  attachStderr: boolean;
  /** Docker's --detach-keys for a TTY exec ('' for the default); the API layer reads it. */
  detachKeys: string;
}

export interface ExecRecord {
  id: string;
  containerId: string;
  config: ExecConfig;
  running: boolean;
  /** null until the process ended. */
  exitCode: number | null;
  pid: number;
  started: boolean;
}

export interface ExecRun {
  stdin: Writable;
  stdout: Readable;
  stderr: Readable;
  /** Resolves with the exit code once the process ended and its output was read. */
  exited: Promise<number>;
}

/** With a TTY, output reaches the helper through the pty for this long after the process ended. */
const TTY_DRAIN_MS = 1000;

/** Finished execs are forgotten after this long (Docker prunes them too). */
const KEEP_FINISHED_MS = 10 * 60_000;

export class ExecService {
  private readonly execs = new Map<string, ExecRecord>();
  /** Terminal sizes: the running helper's resize, or the size asked before start. */
  private readonly consoles = new Map<string, HelperProcess>();
  private readonly sizes = new Map<string, [number, number]>();

  constructor(private readonly d: ContainerContext) {}

  create(ref: string, config: ExecConfig): string {
    const c = this.d.store.get(ref);
    checkRunning(c);
    if (!config.cmd.length) throw new FailedPreconditionError('No exec command specified');
    this.d.policy.checkExec(config);
    const id = randomBytes(32).toString('hex');
    this.execs.set(id, { id, containerId: c.id, config, running: false, exitCode: null, pid: 0, started: false });
    this.d.events.publish('container', `exec_create: ${config.cmd.join(' ')}`, c.id, containerAttributes(c, { execID: id }));
    return id;
  }

  get(id: string): ExecRecord {
    const e = this.execs.get(id);
    if (!e) throw new NotFoundError(`No such exec instance: ${id}`);
    return e;
  }

  /** Exec ids of one container (inspect's ExecIDs). */
  idsOf(containerId: string): string[] {
    return [...this.execs.values()].filter((e) => e.containerId === containerId).map((e) => e.id);
  }

  /** Resize the exec's terminal (a no-op without one). */
  resize(id: string, height: number, width: number): void {
    const e = this.get(id);
    if (!e.config.tty) return;
    this.sizes.set(id, [height, width]);
    this.consoles.get(id)?.resize(height, width);
  }

  /** Run the exec's process. Used by the API and by health checks. */
  async start(id: string): Promise<ExecRun> {
    const e = this.get(id);
    if (e.started) throw new ConflictError(`Error: Exec command ${id} is already running`);
    const c = this.d.store.get(e.containerId);
    checkRunning(c);
    e.started = true;
    const dir = execDir(this.d.paths);
    await mkdir(dir, { recursive: true });
    const processFile = join(dir, `${id}.json`);
    const pidFile = join(dir, `${id}.pid`);
    // Read once by crun, gone after the exec: no need for a durable write.
    await writeFile(processFile, JSON.stringify(await this.processSpec(c, e.config)));
    let console: HelperProcess | undefined;
    const consoleSocket = join(dir, `${id.slice(0, 16)}.console`);
    if (e.config.tty) {
      console = spawnAttachHelper('console', consoleSocket, { mux: false, stdin: e.config.attachStdin, stdout: true, stderr: true });
      this.consoles.set(id, console);
      const size = this.sizes.get(id);
      if (size) console.resize(size[0], size[1]);
      try { await console.ready; } catch (err) { e.started = false; this.consoles.delete(id); throw err; }
    }
    const child = this.d.runtime.exec(c.id, processFile, pidFile, console ? consoleSocket : undefined);
    const [stdin, stdout, stderr] = [child.stdio[0]!, child.stdio[1]!, child.stdio[2]!];
    e.running = true;
    this.d.events.publish('container', `exec_start: ${e.config.cmd.join(' ')}`, c.id, containerAttributes(c, { execID: id }));
    void readPid(pidFile).then((pid) => { if (e.running) e.pid = pid; });
    stdin.on('error', () => {}); // the process may exit without reading its input

    let lastErr = '';
    stderr.on('data', (chunk: Buffer) => { lastErr = chunk.toString().slice(-300); });
    // Done once the process ended and its output was read to the end.
    const exited = Promise.all([child.exited, closed(stdout), closed(stderr)]).then(async ([status]) => {
      const raw = status.code ?? 128 + signalNumber(status.signal);
      if (console) {
        // The pty ends when its last holder closes; don't wait on a background child forever.
        const timer = setTimeout(() => console!.kill(), TTY_DRAIN_MS);
        await console.exited;
        clearTimeout(timer);
        this.consoles.delete(id);
        this.sizes.delete(id);
        await rm(consoleSocket, { force: true });
      }
      const code = raw === 255 && /executable file .* not found|No such file or directory/.test(lastErr) ? 127
        : raw === 255 && /Permission denied/.test(lastErr) ? 126 : raw;
      e.running = false;
      e.exitCode = code;
      e.pid = 0;
      void rm(processFile, { force: true });
      void rm(pidFile, { force: true });
      const now = this.d.store.find(c.id) ?? c;
      this.d.events.publish('container', 'exec_die', c.id, containerAttributes(now, { execID: id, exitCode: String(code) }));
      setTimeout(() => this.execs.delete(id), KEEP_FINISHED_MS).unref();
      return code;
    });
    if (console) {
      stdin.end();
      return { stdin: console.stdin, stdout: console.stdout, stderr, exited };
    }
    return { stdin, stdout, stderr, exited };
  }

  /** The OCI process: the container's own (env, capabilities, rlimits) with the exec's changes. */
  private async processSpec(c: ContainerRecord, x: ExecConfig): Promise<Record<string, unknown>> {
    const spec = JSON.parse(await readFile(join(bundleDir(this.d.paths, c.id), 'config.json'), 'utf8')) as { process: Record<string, unknown> };
    const base = spec.process;
    const user = await resolveUser(rootfsMountPath(this.d.paths, c.id), x.user || c.config.User, x.user ? [] : c.hostConfig.GroupAdd ?? []);
    const env = mergeEnv((base.env as string[]) ?? [], x.env);
    const all = this.d.host.capabilities.map((n) => (n.startsWith('CAP_') ? n : `CAP_${n}`));
    const caps = x.privileged
      ? { bounding: all, effective: all, permitted: all }
      : base.capabilities;
    return {
      terminal: x.tty,
      user: { uid: user.uid, gid: user.gid, additionalGids: user.additionalGids },
      args: x.cmd,
      env,
      cwd: x.workingDir || (base.cwd as string) || '/',
      capabilities: caps,
      rlimits: base.rlimits,
      noNewPrivileges: base.noNewPrivileges,
      ...(base.apparmorProfile ? { apparmorProfile: base.apparmorProfile } : {}),
    };
  }
}

function checkRunning(c: ContainerRecord): void {
  if (c.state.status === 'paused') throw new ConflictError(`Container ${c.id} is paused, unpause the container before exec`);
  if (!isRunning(c)) throw new ConflictError(`Container ${c.id} is not running`);
}


async function readPid(file: string): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (text.trim()) return Number.parseInt(text, 10) || 0;
    await new Promise((r) => setTimeout(r, 10));
  }
  return 0;
}

function signalNumber(signal: NodeJS.Signals | null): number {
  return (signal && constants.signals[signal]) || 0;
}
