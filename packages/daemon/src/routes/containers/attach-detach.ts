/**
 * Detach keys on the stdin stream, as Docker's term.EscapeProxy: bytes that
 * could start the sequence are held back; a full match ends the attach and
 * is never forwarded; a partial match that breaks off is forwarded as is.
 * Sequences are written `ctrl-p,ctrl-q` (Docker's --detach-keys syntax).
 */
import { InvalidArgumentError } from '@quai/common';

export const DEFAULT_DETACH_KEYS = 'ctrl-p,ctrl-q';

/** `ctrl-p,ctrl-q` → [0x10, 0x11]; `a` → [0x61]; `ctrl-@` → [0] ... as Docker's term.ToBytes. */
export function parseDetachKeys(spec: string): number[] {
  const out: number[] = [];
  for (const raw of spec.split(',')) {
    const key = raw.trim();
    if (key.length === 1) { out.push(key.charCodeAt(0)); continue; }
    const m = /^ctrl-(.)$/.exec(key);
    if (!m) throw new InvalidArgumentError(`Invalid detach keys (${spec}) provided`);
    const ch = m[1]!;
    if (ch >= 'a' && ch <= 'z') out.push(ch.charCodeAt(0) - 0x60);
    else if ('@[\\]^_'.includes(ch)) out.push(ch.charCodeAt(0) - 0x40);
    else throw new InvalidArgumentError(`Invalid detach keys (${spec}) provided`);
  }
  return out;
}

export class DetachScanner {
  private matched = 0;

  constructor(private readonly keys: number[]) {}

  /** What to forward from this chunk, and whether the sequence completed. */
  push(chunk: Buffer): { data: Buffer; detached: boolean } {
    if (!this.keys.length) return { data: chunk, detached: false };
    if (!this.matched && !chunk.includes(this.keys[0]!)) return { data: chunk, detached: false };
    const out: number[] = [];
    for (const byte of chunk) {
      if (byte === this.keys[this.matched]) {
        this.matched++;
        if (this.matched === this.keys.length) return { data: Buffer.from(out), detached: true };
        continue;
      }
      // Broken off: the held bytes were ordinary input after all.
      for (let i = 0; i < this.matched; i++) out.push(this.keys[i]!);
      this.matched = 0;
      if (byte === this.keys[0]) { this.matched = 1; if (this.keys.length === 1) return { data: Buffer.from(out), detached: true }; }
      else out.push(byte);
    }
    return { data: Buffer.from(out), detached: false };
  }
}
