import { connect, type Socket } from 'node:net';

export interface HijackRequest {
  method?: string;
  path: string;
  /** A JSON body (sent with Content-Length, as docker-py and dockerode do). */
  body?: unknown;
  /** Send `Connection: Upgrade` / `Upgrade: tcp` (default true). */
  upgrade?: boolean;
}

export interface Hijacked {
  status: number;
  headers: Record<string, string>;
  socket: Socket;
  /** Everything the daemon sends after the response head, until it closes the stream. */
  rest: Promise<Buffer>;
  /** Resolves once `text` appeared in what arrived so far (or rejects after `ms`). */
  waitFor(text: string, ms?: number): Promise<void>;
}

/**
 * An attach or exec start the way the SDKs send it: a raw HTTP request on
 * the unix socket, the response head parsed by hand, the socket then
 * carrying the stream both ways.
 */
export function hijackRequest(socketPath: string, req: HijackRequest): Promise<Hijacked> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    const body = req.body === undefined ? '' : JSON.stringify(req.body);
    const head = [
      `${req.method ?? 'POST'} ${req.path} HTTP/1.1`, 'Host: docker',
      ...(req.upgrade === false ? [] : ['Connection: Upgrade', 'Upgrade: tcp']),
      ...(body ? ['Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`] : []),
      '', '',
    ].join('\r\n');
    let buffered = Buffer.alloc(0);
    let parsed: { status: number; headers: Record<string, string> } | undefined;
    const chunks: Buffer[] = [];
    const waiters: Array<{ text: string; resolve: () => void }> = [];
    const check = () => {
      const sofar = Buffer.concat(chunks).toString('latin1');
      for (const w of waiters.splice(0)) (sofar.includes(w.text) ? w.resolve() : waiters.push(w));
    };
    const rest = new Promise<Buffer>((done) => socket.once('close', () => done(Buffer.concat(chunks))));
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      if (parsed) { chunks.push(chunk); check(); return; }
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine, ...lines] = buffered.subarray(0, end).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      for (const l of lines) { const i = l.indexOf(':'); headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim(); }
      parsed = { status: Number(statusLine!.split(' ')[1]), headers };
      if (buffered.length > end + 4) chunks.push(buffered.subarray(end + 4));
      resolve({
        ...parsed, socket, rest,
        waitFor: (text, ms = 10_000) => new Promise<void>((ok, fail) => {
          const timer = setTimeout(() => fail(new Error(`no "${text}" within ${ms} ms; got: ${JSON.stringify(Buffer.concat(chunks).toString('latin1'))}`)), ms);
          waiters.push({ text, resolve: () => { clearTimeout(timer); ok(); } });
          check();
        }),
      });
    });
    socket.write(head + body);
  });
}

/** Docker's multiplexed stream as [stream, text] frames; throws on a malformed one. */
export function demuxFrames(data: Buffer): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  let i = 0;
  while (i < data.length) {
    if (data.length - i < 8 || data[i + 1] !== 0 || data[i + 2] !== 0 || data[i + 3] !== 0 || data[i]! > 2) {
      throw new Error(`not a multiplexed frame at byte ${i}: ${JSON.stringify(data.subarray(i, i + 16).toString('latin1'))}`);
    }
    const size = data.readUInt32BE(i + 4);
    out.push([data[i]!, data.subarray(i + 8, i + 8 + size).toString('utf8')]);
    i += 8 + size;
  }
  return out;
}
