/**
 * `GET /api/sessions/ID/instances/NAME/terminal?t=TOKEN` upgraded to a
 * WebSocket (packages/playground/README.md, "Terminal WebSocket"):
 *
 *   page → server  text frames: {"type":"input","data":"ls\r"}, {"type":"resize","cols":120,"rows":30}
 *                  (ignored from a read-only token)
 *   server → page  binary frames: the terminal's bytes, starting with the scrollback;
 *                  text frames: {"type":"exit"} when the shell ends, {"type":"error","message":...}
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { errorAnswer, tokenOf } from './http.js';
import { chooseLang, message } from './messages.js';
import { terminalMessage } from './schemas.js';
import type { SessionStore } from './sessions.js';

/** A viewer that falls this far behind is dropped (it reconnects and gets the scrollback). */
const MAX_BUFFERED = 4 * 1024 * 1024;

export class TerminalSockets {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024, perMessageDeflate: false });

  constructor(private readonly sessions: SessionStore) {}

  /** Authorizes before upgrading: a refused request gets an HTTP answer, not a socket. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL, sessionId: string, name: string): void {
    const lang = chooseLang(url.searchParams.get('lang'), req.headers['accept-language']);
    let found;
    try {
      const { session, access } = this.sessions.authorize(sessionId, tokenOf(req, url), false);
      found = { instance: this.sessions.instance(session, name), access };
    } catch (err) {
      const { status, body } = errorAnswer(err, lang);
      const text = JSON.stringify(body);
      socket.end(`HTTP/1.1 ${status} Refused\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
      return;
    }
    const { instance, access } = found;
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      void this.serve(ws, instance.terminal, access === 'rw', lang);
    });
  }

  private async serve(ws: WebSocket, terminal: import('./terminal.js').Terminal, canWrite: boolean, lang: 'en' | 'fr'): Promise<void> {
    const viewer = {
      output: (data: Buffer) => {
        if (ws.bufferedAmount > MAX_BUFFERED) ws.terminate();
        else ws.send(data, { binary: true });
      },
      exited: () => ws.send(JSON.stringify({ type: 'exit' })),
    };
    let detach: () => void = () => {};
    ws.on('close', () => detach());
    ws.on('message', (data, isBinary) => {
      if (!canWrite) return;
      let msg: unknown;
      try {
        msg = JSON.parse(isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString());
      } catch {
        msg = undefined;
      }
      if (!terminalMessage(msg)) {
        ws.send(JSON.stringify({ type: 'error', message: message(lang, 'badRequest', { detail: 'expected {"type":"input","data":...} or {"type":"resize","cols":N,"rows":N}' }) }));
        return;
      }
      if (msg.type === 'input') {
        terminal.input(msg.data);
      } else {
        void terminal.resize(msg.cols, msg.rows);
      }
    });
    try {
      detach = await terminal.attach(viewer);
      if (ws.readyState !== ws.OPEN) detach();
    } catch (err) {
      ws.send(JSON.stringify({ type: 'error', message: errorAnswer(err, lang).body.message }));
      ws.close();
    }
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }
}
