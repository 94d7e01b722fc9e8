/**
 * The OCI runtime, as the engine sees it. Implementations hold no container
 * state: the engine decides which transitions are legal and records them.
 *
 * Lifecycle of one container:
 *   create(id, bundle)  → the monitor (conmon) starts and the runtime sets up
 *                         namespaces; the process waits, status `created`
 *   start(id)           → the user process runs
 *   ...the process ends → the monitor writes the exit code to <exitDir>/<id>
 *   delete(id)          → the runtime forgets it
 */
export interface CreateOptions {
  /** k8s-file log the monitor writes the container's stdout/stderr to. */
  logPath: string;
  /** Where the monitor writes the exit code when the process ends. */
  exitDir: string;
  conmonPidFile: string;
  /** Where the runtime writes the container process's pid. */
  pidFile: string;
  terminal: boolean;
  /** Keep a stdin pipe open (docker run -i). */
  stdin: boolean;
  /** Cap on the log file size, bytes (conmon rotates by truncating). */
  logSizeMax?: number;
}

export interface RuntimeState {
  status: 'created' | 'running' | 'stopped' | 'paused' | 'unknown';
  pid: number;
}

export interface ExecOptions {
  processFile: string;
  pidFile: string;
  /** JSON lines ({"msg", "level"}) of the runtime's own errors. */
  logFile: string;
  /** With a terminal: where the runtime sends the pty master. */
  consoleSocket?: string;
}

export interface Runtime {
  readonly name: string;
  create(id: string, bundleDir: string, options: CreateOptions): Promise<{ pid: number }>;
  start(id: string): Promise<void>;
  kill(id: string, signal: string): Promise<void>;
  /** The runtime's view of a container, or undefined when it does not know it. */
  state(id: string): Promise<RuntimeState | undefined>;
  delete(id: string): Promise<void>;
  /**
   * Run a process (an OCI process.json) in the container; the caller owns
   * the child's pipes. The pid file appears once the process exists; the
   * runtime's own errors (it could not start it) also go to `logFile`.
   */
  exec(id: string, o: ExecOptions): import('../host/spawn.js').Spawned;
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  /** Change cgroup limits of a running container (OCI LinuxResources JSON). */
  update(id: string, resources: Record<string, unknown>): Promise<void>;
}
