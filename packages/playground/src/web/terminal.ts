// One instance's terminal: xterm.js (DOM renderer, so its text is in
// .xterm-rows) on the terminal WebSocket of packages/playground/README.md.
// The terminal fits its box and tells the server its size; a dropped
// connection is retried with a growing delay while the status line says so
// (the server replays the screen on reconnect, so the page starts clean).
// Copy/paste: a selection is copied; Ctrl+Shift+C copies, Ctrl+Shift+V and
// a right click paste. A read-only viewer's keys go nowhere.
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import { el } from './dom.js';
import { fmt, t } from './i18n.js';

export type TerminalState = { kind: 'connecting' | 'connected' | 'ended' } | { kind: 'disconnected'; seconds: number };

const MAX_DELAY = 10;

export class InstanceTerminal {
  readonly element: HTMLDivElement;
  state: TerminalState = { kind: 'connecting' };
  private readonly term: Terminal;
  private readonly fitter = new FitAddon();
  private socket: WebSocket | undefined;
  private opened = false;
  private disposed = false;
  private failures = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(readonly name: string, private readonly url: () => string, private readonly readOnly: boolean,
    private readonly onState: (terminal: InstanceTerminal) => void) {
    this.element = el('div', { class: 'terminal', role: 'region', 'aria-label': fmt('terminalOf', { name }), 'data-instance': name });
    this.element.hidden = true;
    this.term = new Terminal({
      cursorBlink: true, disableStdin: readOnly, fontSize: 14, scrollback: 5000,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
      theme: { background: '#11151c', foreground: '#e6e9ef' },
    });
    this.term.loadAddon(this.fitter);
    this.term.onData((data) => this.send({ type: 'input', data }));
    this.term.onResize(({ cols, rows }) => this.send({ type: 'resize', cols, rows }));
    this.term.onSelectionChange(() => {
      if (this.term.hasSelection()) void navigator.clipboard?.writeText(this.term.getSelection()).catch(() => {});
    });
    this.term.attachCustomKeyEventHandler((e) => {
      if (e.type !== 'keydown' || !e.ctrlKey || !e.shiftKey) return true;
      if (e.code === 'KeyC') {
        void navigator.clipboard?.writeText(this.term.getSelection()).catch(() => {});
        e.preventDefault();
        return false;
      }
      // Ctrl+Shift+V: let the browser paste into xterm's textarea (its paste event needs no permission).
      return e.code !== 'KeyV';
    });
    this.element.addEventListener('contextmenu', (e) => {
      if (this.readOnly || !navigator.clipboard?.readText) return;
      e.preventDefault();
      navigator.clipboard.readText().then((text) => this.term.paste(text), () => {});
    });
    this.connect();
  }

  /** Shows the terminal (opening xterm the first time: it measures its box), fits it and focuses it. */
  show(): void {
    this.element.hidden = false;
    if (!this.opened) {
      this.term.open(this.element);
      this.opened = true;
    }
    this.fit();
    this.term.focus();
  }

  hide(): void {
    this.element.hidden = true;
  }

  fit(): void {
    if (this.opened && !this.element.hidden && this.element.clientWidth > 0) this.fitter.fit();
  }

  /** Types `text` as if it was typed (a lab's code block). */
  type(text: string): void {
    this.send({ type: 'input', data: text });
    this.term.focus();
  }

  /** Reconnects now (after the shell ended, or to skip the wait). */
  reconnect(): void {
    clearInterval(this.timer);
    this.socket?.close();
    this.connect();
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.timer);
    this.socket?.close();
    this.term.dispose();
    this.element.remove();
  }

  private setState(state: TerminalState): void {
    this.state = state;
    this.onState(this);
  }

  private send(message: object): void {
    if (this.readOnly || this.socket?.readyState !== WebSocket.OPEN) return;
    this.socket.send(JSON.stringify(message));
  }

  private connect(): void {
    this.setState({ kind: 'connecting' });
    const socket = new WebSocket(this.url());
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    let ended = false;
    socket.onopen = () => {
      this.failures = 0;
      this.term.reset(); // the server replays the screen
      this.setState({ kind: 'connected' });
      this.send({ type: 'resize', cols: this.term.cols, rows: this.term.rows });
    };
    socket.onmessage = (e: MessageEvent<ArrayBuffer | string>) => {
      if (typeof e.data !== 'string') {
        this.term.write(new Uint8Array(e.data));
        return;
      }
      const message = JSON.parse(e.data) as { type: string; message?: string };
      if (message.type === 'exit') {
        ended = true;
        this.setState({ kind: 'ended' });
      } else if (message.type === 'error') {
        this.term.write(`\r\n\x1b[31m${message.message ?? ''}\x1b[0m\r\n`);
      }
    };
    socket.onclose = () => {
      if (this.disposed || socket !== this.socket) return;
      if (ended) {
        this.setState({ kind: 'ended' });
        return;
      }
      this.retryLater();
    };
  }

  private retryLater(): void {
    let seconds = Math.min(MAX_DELAY, 2 ** this.failures);
    this.failures++;
    this.setState({ kind: 'disconnected', seconds });
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      seconds--;
      if (seconds > 0) {
        this.setState({ kind: 'disconnected', seconds });
        return;
      }
      clearInterval(this.timer);
      this.connect();
    }, 1000);
  }
}

export function stateText(state: TerminalState): string {
  switch (state.kind) {
    case 'connecting': return t.connecting;
    case 'connected': return t.connected;
    case 'ended': return t.shellEnded;
    case 'disconnected': return fmt('disconnected', { seconds: state.seconds });
  }
}
