/**
 * Docker's multiplexed stream (attach/logs without a TTY): every frame is an
 * 8-byte header followed by the payload.
 *
 *   byte 0      stream: 0 stdin, 1 stdout, 2 stderr (3 = systemerr in logs)
 *   bytes 1-3   zero
 *   bytes 4-7   payload length, big-endian uint32
 *
 * Frames may be split across chunks or several may share one chunk, so the
 * demuxer buffers until a whole header and payload are present.
 */
export type StreamKind = 0 | 1 | 2 | 3;

export class Demuxer {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly onFrame: (stream: StreamKind, payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < 8) return;
    let buf = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    let off = 0;
    while (buf.length - off >= 8) {
      const size = buf.readUInt32BE(off + 4);
      if (buf.length - off - 8 < size) break;
      const stream = (buf[off] & 3) as StreamKind;
      this.onFrame(stream, buf.subarray(off + 8, off + 8 + size));
      off += 8 + size;
    }
    buf = buf.subarray(off);
    this.pending = buf.length ? [buf] : [];
    this.pendingBytes = buf.length;
  }

  /** Bytes left over that never formed a whole frame. */
  get leftover(): number {
    return this.pendingBytes;
  }
}

/** Encode one frame, for tests and fakes. */
export function encodeFrame(stream: StreamKind, payload: Buffer | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

/** Pipe a multiplexed readable into stdout/stderr writers; resolves at end. */
export function demuxStream(
  source: NodeJS.ReadableStream,
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const d = new Demuxer((stream, payload) => {
      (stream === 2 || stream === 3 ? stderr : stdout).write(payload);
    });
    source.on('data', (c: Buffer) => d.push(c));
    source.on('end', () => resolve());
    source.on('close', () => resolve());
    source.on('error', reject);
  });
}
