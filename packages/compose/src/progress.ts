/**
 * Progress as docker compose shows it, one line per resource with its state:
 *
 *   on a terminal                         otherwise (plain)
 *   [+] Running 3/4                        Network demo_default Creating
 *    ✔ Network demo_default  Created 0.1s  Network demo_default Created
 *    ⠹ Container demo-web-1  Starting 0.4s Container demo-web-1 Starting
 *
 * On a terminal the block is redrawn in place (a spinner for what is under
 * way, the time each took); otherwise each change is one plain line.
 */
export type TaskState = 'working' | 'done' | 'error' | 'warning';

export interface Progress {
  /** `id` is "Container demo-web-1", "Network demo_default"...; the status a word like "Started". */
  update(id: string, status: string, state: TaskState, details?: string): void;
  /** A free line (warnings, build output) above the block. */
  note(text: string): void;
  stop(): void;
}

export type ProgressMode = 'auto' | 'tty' | 'plain' | 'quiet';

interface Task { id: string; status: string; state: TaskState; details: string; started: number; ended?: number }

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const MARK: Record<Exclude<TaskState, 'working'>, string> = { done: '\x1b[32m✔\x1b[0m', error: '\x1b[31m✘\x1b[0m', warning: '\x1b[33m!\x1b[0m' };

export function createProgress(out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }, operation: string, mode: ProgressMode = 'auto'): Progress {
  if (mode === 'quiet') return { update() {}, note() {}, stop() {} };
  if (mode === 'plain' || (mode === 'auto' && !out.isTTY)) {
    const last = new Map<string, string>();
    return {
      // one line per change: a status polled again (Waiting...) is not repeated
      update(id, status, _state, details) {
        const line = ` ${id} ${status}${details ? ` ${details}` : ''}\n`;
        if (last.get(id) === line) return;
        last.set(id, line);
        out.write(line);
      },
      note: (text) => out.write(text.endsWith('\n') ? text : `${text}\n`),
      stop() {},
    };
  }
  const tasks: Task[] = [];
  let drawn = 0;
  let frame = 0;
  const render = () => {
    frame++;
    const doneCount = tasks.filter((t) => t.state !== 'working').length;
    const width = Math.max(...tasks.map((t) => t.id.length), 0);
    const statusWidth = Math.max(...tasks.map((t) => t.status.length), 0);
    const lines = [`[+] ${operation} ${doneCount}/${tasks.length}`];
    for (const t of tasks) {
      const mark = t.state === 'working' ? SPINNER[frame % SPINNER.length] : MARK[t.state];
      const secs = (((t.ended ?? Date.now()) - t.started) / 1000).toFixed(1);
      lines.push(` ${mark} ${t.id.padEnd(width)} ${t.status.padEnd(statusWidth)} ${t.details ? `${t.details} ` : ''}${secs}s`);
    }
    let text = drawn ? `\x1b[${drawn}A` : '';
    for (const l of lines) text += `\x1b[2K${l}\n`;
    out.write(text);
    drawn = lines.length;
  };
  const timer = setInterval(render, 100);
  timer.unref();
  return {
    update(id, status, state, details = '') {
      let t = tasks.find((x) => x.id === id);
      if (!t) tasks.push((t = { id, status, state, details, started: Date.now() }));
      if (t.state !== 'working' && state === 'working') t.started = Date.now();
      Object.assign(t, { status, state, details });
      t.ended = state === 'working' ? undefined : Date.now();
    },
    note(text) {
      // above the block: clear it, write, redraw below
      if (drawn) out.write(`\x1b[${drawn}A\x1b[J`);
      drawn = 0;
      out.write(text.endsWith('\n') ? text : `${text}\n`);
      if (tasks.length) render();
    },
    stop() {
      clearInterval(timer);
      if (tasks.length) render();
    },
  };
}
