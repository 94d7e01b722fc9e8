/**
 * `exec`: a second process in a running container. Each exec is created
 * (a record with the command), then started once: the engine spawns
 * `crun exec --process <file>` with pipes, so crun stays the parent of the
 * process and its exit code is the process's. crun writes the pid file once
 * the process exists; when it exits without one, the command could not be
 * started (not found, not executable): start() fails with Docker's message
 * and the exec records 126, as Docker's.
 *
 *   create(ref, config) → id        record only, nothing runs
 *   start(id)           → ExecRun   stdin/stdout/stderr pipes + exit promise
 *                                   (or the start error, once crun gave up)
 *   inspect(id)                     Running, ExitCode, Pid, ProcessConfig
 *
 * With Tty the process gets a terminal: crun sends the pty master to the
 * quai-attach helper listening on a console socket (runtime/attach-helper.ts),
 * which bridges it with pipes; resize() reaches it through the helper.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:os';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { watch } from 'node:fs';
import { basename, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { ConflictError, FailedPreconditionError, InvalidArgumentError, NotFoundError } from '@quai/common';
import { bundleDir, execDir, rootfsMountPath } from '../paths.js';
import { containerAttributes, type ContainerContext } from './context.js';
import { isRunning, type ContainerRecord } from './container-record.js';
import { resolveUser } from './user.js';
import { withRoot } from '../host/in-root.js';
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

/** The exit code of an exec whose process could not be started (Docker's, from EACCES). */
const EXEC_START_FAILED = 126;

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
    await writeFile(processFile, JSON.stringify(await this.processSpec(c, e.config).catch((err: unknown) => {
      // As Docker: an unknown user or group fails the start, and the exec is done with 126.
      this.finishUnstarted(e);
      throw err;
    })));
    let console: HelperProcess | undefined;
    const consoleSocket = join(dir, `${id.slice(0, 16)}.console`);
    if (e.config.tty) {
      console = spawnAttachHelper('console', consoleSocket, { mux: false, stdin: e.config.attachStdin, stdout: true, stderr: true });
      this.consoles.set(id, console);
      const size = this.sizes.get(id);
      if (size) console.resize(size[0], size[1]);
      try { await console.ready; } catch (err) { e.started = false; this.consoles.delete(id); throw err; }
    }
    const logFile = join(dir, `${id}.log`);
    const child = this.d.runtime.exec(c.id, { processFile, pidFile, logFile, consoleSocket: console ? consoleSocket : undefined });
    const [stdin, stdout, stderr] = [child.stdio[0]!, child.stdio[1]!, child.stdio[2]!];
    e.running = true;
    this.d.events.publish('container', `exec_start: ${e.config.cmd.join(' ')}`, c.id, containerAttributes(c, { execID: id }));
    stdin.on('error', () => {}); // the process may exit without reading its input
    // Watched from the start: an empty pipe ends (and closes) at EOF with no one reading it.
    const outputDone = Promise.all([closed(stdout), closed(stderr)]);
    const cleanup = () => { for (const f of [processFile, pidFile, logFile]) void rm(f, { force: true }); };

    // Nothing is read from the pipes until the process is known to run: when
    // crun cannot start it, what crun printed is an error, not the process's output.
    const pid = await startedPid(dir, pidFile, child.exited);
    if (!pid) {
      await child.exited;
      const detail = await runtimeError(logFile) || (await readAll(stderr)).trim();
      stdout.resume();
      stderr.resume();
      if (console) { console.kill(); this.consoles.delete(id); this.sizes.delete(id); void rm(consoleSocket, { force: true }); }
      cleanup();
      this.finishUnstarted(e);
      throw new InvalidArgumentError(execStartError(e.config.cmd[0]!, detail));
    }
    e.pid = pid;

    // Done once the process ended and its output was read to the end.
    const exited = Promise.all([child.exited, outputDone]).then(async ([status]) => {
      const code = status.code ?? 128 + signalNumber(status.signal);
      if (console) {
        // The pty ends when its last holder closes; don't wait on a background child forever.
        const timer = setTimeout(() => console!.kill(), TTY_DRAIN_MS);
        await console.exited;
        clearTimeout(timer);
        this.consoles.delete(id);
        this.sizes.delete(id);
        await rm(consoleSocket, { force: true });
      }
      e.running = false;
      e.exitCode = code;
      e.pid = 0;
      cleanup();
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
  /** As Docker: an exec that could not start is done, with 126 (kept a while for inspect). */
  private finishUnstarted(e: ExecRecord): void {
    e.running = false;
    e.exitCode = EXEC_START_FAILED;
    setTimeout(() => this.execs.delete(e.id), KEEP_FINISHED_MS).unref();
  }

  private async processSpec(c: ContainerRecord, x: ExecConfig): Promise<Record<string, unknown>> {
    const spec = JSON.parse(await readFile(join(bundleDir(this.d.paths, c.id), 'config.json'), 'utf8')) as { process: Record<string, unknown> };
    const base = spec.process;
    const user = await withRoot(rootfsMountPath(this.d.paths, c.id), (root) => resolveUser(root, x.user || c.config.User, x.user ? [] : c.hostConfig.GroupAdd ?? []));
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


/**
 * The pid crun writes once the process exists, or 0 when crun exited
 * without writing one: the process never started.
 */
async function startedPid(dir: string, pidFile: string, exited: Promise<unknown>): Promise<number> {
  const read = async () => Number.parseInt(await readFile(pidFile, 'utf8').catch(() => ''), 10) || 0;
  let wake = () => {};
  const name = basename(pidFile);
  const watcher = watch(dir, (_event, file) => { if (String(file) === name) wake(); });
  let over = false;
  void exited.then(() => { over = true; wake(); });
  try {
    for (;;) {
      const woken = new Promise<void>((resolve) => { wake = resolve; });
      const ended = over; // read after: a pid written before crun exited is seen
      const pid = await read();
      if (pid || ended) return pid;
      await woken;
    }
  } finally {
    watcher.close();
  }
}

/** The last error the runtime logged (its --log file, JSON lines). */
async function runtimeError(logFile: string): Promise<string> {
  const lines = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  for (const line of lines.reverse()) {
    try {
      const entry = JSON.parse(line) as { msg?: string; level?: string };
      if (entry.msg && entry.level === 'error') return entry.msg;
    } catch { /* not JSON: skip */ }
  }
  return '';
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Docker's words for an exec that could not start (runc's, which clients
 * show as they are): `exec: "x": executable file not found in $PATH`.
 */
export function execStartError(command: string, runtimeMessage: string): string {
  const message = runtimeMessage.split('\n').filter(Boolean).at(-1) ?? 'unknown error';
  const detail = /not found/.test(message) ? `exec: "${command}": executable file not found in $PATH`
    : /Permission denied|Operation not permitted/i.test(message) ? `exec: "${command}": permission denied`
      : message;
  return `OCI runtime exec failed: exec failed: unable to start container process: ${detail}: unknown`;
}

function signalNumber(signal: NodeJS.Signals | null): number {
  return (signal && constants.signals[signal]) || 0;
}
