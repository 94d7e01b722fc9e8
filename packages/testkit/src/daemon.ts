import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { apiRequest, ping } from './api-request.js';
import { docker, setDockerDefaults, type DockerOptions, type DockerResult } from './docker-cli.js';
import { unmountUnder } from './mounts.js';
import { isAlive, pidsMentioning, waitFor } from './processes.js';
import { repoRoot } from './repo.js';
import { target as envTarget, type Target } from './target.js';

export interface DaemonOptions {
  /** quai (default) or a real dockerd; E2E_TARGET sets the default. */
  target?: Target;
  readyTimeoutMs?: number;
  /** Extra daemon flags, e.g. ['--log-level', 'debug']. */
  args?: string[];
  /** Runs once before the first start, e.g. to mount a small file system on `dataRoot`. */
  prepare?: (daemon: TestDaemon) => void | Promise<void>;
}

/**
 * A private daemon in a fresh /tmp/quai-test-* dir:
 *
 *   <dir>/quai.sock (docker.sock)   the API socket
 *   <dir>/root                      --data-root
 *   <dir>/run (exec)                --exec-root
 *   <dir>/daemon.log                its stdout and stderr, across restarts
 *   <dir>/cli-config                DOCKER_CONFIG for the CLI
 */
export class TestDaemon {
  readonly dir: string;
  readonly socket: string;
  readonly dockerHost: string;
  readonly dataRoot: string;
  readonly execRoot: string;
  readonly pidfile: string;
  readonly logFile: string;
  readonly configDir: string;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(readonly target: Target, private readonly opts: DaemonOptions) {
    this.dir = mkdtempSync('/tmp/quai-test-');
    const docker = target === 'docker';
    this.socket = join(this.dir, docker ? 'docker.sock' : 'quai.sock');
    this.dockerHost = `unix://${this.socket}`;
    this.dataRoot = join(this.dir, 'root');
    this.execRoot = join(this.dir, docker ? 'exec' : 'run');
    this.pidfile = join(this.dir, docker ? 'pid' : 'quai.pid');
    this.logFile = join(this.dir, 'daemon.log');
    this.configDir = join(this.dir, 'cli-config');
    mkdirSync(this.configDir);
  }

  get pid(): number {
    return this.child?.pid ?? 0;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  private command(): [string, string[]] {
    const common = ['--data-root', this.dataRoot, '--exec-root', this.execRoot, '--pidfile', this.pidfile];
    if (this.target === 'docker') {
      return ['/usr/sbin/dockerd', ['--host', this.dockerHost, ...common,
        '--bridge', 'none', '--iptables=false', '--ip-masq=false', ...(this.opts.args ?? [])]];
    }
    // bin/quai itself, not node on it: its sh line starts the servers with their Node flags (the same process id, by exec).
    return [join(repoRoot, 'bin/quai'), ['daemon', '-H', this.dockerHost, ...common, ...(this.opts.args ?? [])]];
  }

  /** The last lines the daemon wrote to stdout/stderr. */
  logTail(lines = 30): string {
    try {
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  async start(): Promise<void> {
    const [cmd, args] = this.command();
    const log = openSync(this.logFile, 'a');
    const child = spawn(cmd, args, { stdio: ['ignore', log, log] });
    closeSync(log);
    this.child = child;
    this.exited = new Promise((r) => child.once('exit', () => r()));
    let spawnError: Error | undefined;
    child.once('error', (e) => (spawnError = e));
    const timeoutMs = this.opts.readyTimeoutMs ?? 15_000;
    const ready = await waitFor(async () => spawnError !== undefined || !this.running || (await ping(this.socket, 1000)), timeoutMs);
    const why = spawnError ? `could not start: ${spawnError.message}`
      : !this.running ? `exited (code ${child.exitCode}, signal ${child.signalCode}) before answering /_ping`
        : !ready ? `did not answer GET /_ping on ${this.socket} within ${timeoutMs / 1000} s` : '';
    if (why) {
      if (this.running) child.kill('SIGKILL');
      throw new Error(`${this.target} daemon ${why}\ncommand: ${cmd} ${args.join(' ')}\n--- daemon output (tail) ---\n${this.logTail()}`);
    }
    setDockerDefaults(this.dockerHost, this.configDir);
  }

  docker(args: string[], opts: DockerOptions = {}): Promise<DockerResult> {
    return docker(args, { host: this.dockerHost, ...opts });
  }

  /** SIGKILL: the daemon gets no chance to clean up (crash tests). */
  async kill9(): Promise<void> {
    if (!this.running) return;
    this.child!.kill('SIGKILL');
    await this.exited;
    if (this.target === 'docker') await this.forgetDeadContainerd();
  }

  // dockerd's containerd dies with it; where PID 1 does not reap, the zombie
  // makes a restarted dockerd wait for the "still running" containerd forever.
  private async forgetDeadContainerd(): Promise<void> {
    const pidfile = join(this.execRoot, 'containerd/containerd.pid');
    let pid: number;
    try {
      pid = Number(readFileSync(pidfile, 'utf8').trim());
    } catch {
      return; // no pidfile: nothing to forget
    }
    if (await waitFor(() => !isAlive(pid), 3000)) rmSync(pidfile, { force: true });
  }

  private async terminate(graceMs: number): Promise<void> {
    if (!this.running) return;
    this.child!.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const done = await Promise.race([
      this.exited.then(() => true),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), graceMs))),
    ]);
    clearTimeout(timer); // a pending timer would hold the test process open
    if (!done) await this.kill9();
  }

  /** Graceful stop (SIGKILL after 20 s) and start again on the same roots. */
  async restart(): Promise<void> {
    await this.terminate(20_000);
    await this.start();
  }

  /** Removes leftover containers, stops the daemon, kills stragglers, unmounts, deletes the dir. */
  async stop(): Promise<void> {
    if (this.running && (await ping(this.socket))) await this.removeAllContainers();
    await this.terminate(20_000);
    // Runtime helpers started by the daemon (containerd, shims, conmon) name our dir.
    for (let round = 0; round < 3; round++) {
      const stragglers = pidsMentioning(this.dir);
      if (stragglers.length === 0) break;
      for (const pid of stragglers) {
        try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
      }
      await waitFor(() => stragglers.every((p) => !isAlive(p)), 5000);
    }
    unmountUnder(this.dir);
    if (this.target === 'quai') removeHostNetworking(this.dataRoot, this.execRoot);
    rmSync(this.dir, { recursive: true, force: true, maxRetries: 3 });
  }

  private async removeAllContainers(): Promise<void> {
    try {
      const res = await apiRequest(this.socket, { path: '/containers/json?all=1', timeoutMs: 10_000 });
      if (res.status !== 200) return;
      for (const c of res.json() as { Id: string }[]) {
        await apiRequest(this.socket, { method: 'DELETE', path: `/containers/${c.Id}?force=1&v=1`, timeoutMs: 30_000 }).catch(() => {});
      }
    } catch {
      // best effort: the daemon may be broken, the steps after this still run
    }
  }
}

const live = new Set<TestDaemon>();
// If the test process dies without after-hooks, at least do not leave daemons behind.
process.once('exit', () => {
  for (const d of live) if (d.running) d['child']?.kill('SIGKILL');
});

export async function startDaemon(opts: DaemonOptions = {}): Promise<TestDaemon> {
  const daemon = new TestDaemon(opts.target ?? envTarget, opts);
  live.add(daemon);
  const stop = daemon.stop.bind(daemon);
  daemon.stop = async () => {
    await stop();
    live.delete(daemon);
  };
  try {
    await opts.prepare?.(daemon);
    await daemon.start();
  } catch (e) {
    await daemon.stop().catch(() => {});
    throw e;
  }
  return daemon;
}

/**
 * What a quai daemon that did not shut down cleanly (kill -9, a test
 * runner killed) leaves on the host: its bridges, named in its network
 * records (every namespace's), and its iptables chains (QUAI-<hash of its
 * exec root>). Leaked bridges hold subnets of Docker's default pools until
 * none is left for anyone.
 */
function removeHostNetworking(dataRoot: string, execRoot: string): void {
  const dirs = [join(dataRoot, 'networks'), ...listDir(join(dataRoot, 'namespaces')).map((ns) => join(dataRoot, 'namespaces', ns, 'networks'))];
  for (const dir of dirs) {
    for (const file of listDir(dir).filter((f) => f.endsWith('.json'))) {
      let bridge: string | undefined;
      try { bridge = (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { bridge?: string }).bridge; } catch { continue; }
      if (bridge && existsSync(join('/sys/class/net', bridge))) spawnSync('ip', ['link', 'del', bridge], { stdio: 'ignore' });
    }
  }
  const prefix = `QUAI-${createHash('sha256').update(execRoot).digest('hex').slice(0, 6)}`;
  for (const table of ['filter', 'nat']) {
    const rules = spawnSync('iptables-save', ['-t', table], { encoding: 'utf8' }).stdout ?? '';
    for (const line of rules.split('\n').filter((l) => l.startsWith('-A ') && !l.startsWith(`-A ${prefix}-`) && l.includes(`-j ${prefix}-`))) {
      spawnSync('iptables', ['-w', '-t', table, '-D', ...line.slice(3).split(' ')], { stdio: 'ignore' });
    }
    for (const chain of rules.split('\n').filter((l) => l.startsWith(`:${prefix}-`)).map((l) => l.slice(1).split(' ')[0]!)) {
      spawnSync('iptables', ['-w', '-t', table, '-F', chain], { stdio: 'ignore' });
      spawnSync('iptables', ['-w', '-t', table, '-X', chain], { stdio: 'ignore' });
    }
  }
}

function listDir(dir: string): string[] {
  try { return readdirSync(dir); } catch { return []; }
}
