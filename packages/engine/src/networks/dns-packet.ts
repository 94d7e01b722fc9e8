/**
 * Just enough of DNS (RFC 1035 §4) for the embedded server: read the
 * question of a query, write an answer with A and AAAA records, or an error code.
 */
import { isIPv4 } from 'node:net';
import ipaddr from 'ipaddr.js';

export const TYPE_A = 1;
export const TYPE_AAAA = 28;
export const RCODE_NXDOMAIN = 3;
export const RCODE_SERVFAIL = 2;

export interface Question { id: number; flags: number; name: string; type: number; cls: number; /** Bytes of the question section. */ end: number }

/** The first question of a query, or undefined if it is not a well-formed query. */
export function parseQuery(msg: Buffer): Question | undefined {
  if (msg.length < 12) return undefined;
  const flags = msg.readUInt16BE(2);
  if (flags & 0x8000 || msg.readUInt16BE(4) < 1) return undefined; // a response, or no question
  const labels: string[] = [];
  let off = 12;
  for (;;) {
    if (off >= msg.length) return undefined;
    const len = msg[off]!;
    if (len === 0) { off++; break; }
    if (len > 63 || off + 1 + len > msg.length) return undefined; // no compression in questions
    labels.push(msg.toString('latin1', off + 1, off + 1 + len));
    off += 1 + len;
  }
  if (off + 4 > msg.length) return undefined;
  return { id: msg.readUInt16BE(0), flags, name: labels.join('.').toLowerCase(), type: msg.readUInt16BE(off), cls: msg.readUInt16BE(off + 2), end: off + 4 };
}

/** An authoritative answer: the question echoed, then one A (IPv4) or AAAA (IPv6) record per address. */
export function buildAnswer(query: Buffer, q: Question, addresses: string[], rcode = 0, ttl = 600): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(q.id, 0);
  // QR, opcode copied, AA, RD copied, RA
  header.writeUInt16BE(0x8000 | (q.flags & 0x7800) | 0x0400 | (q.flags & 0x0100) | 0x0080 | (rcode & 0xf), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(addresses.length, 6);
  const question = query.subarray(12, q.end);
  const answers = addresses.map((ip) => {
    const data = Buffer.from(ipaddr.parse(ip).toByteArray());
    const rr = Buffer.alloc(12 + data.length);
    rr.writeUInt16BE(0xc00c, 0); // pointer to the name in the question
    rr.writeUInt16BE(isIPv4(ip) ? TYPE_A : TYPE_AAAA, 2);
    rr.writeUInt16BE(1, 4);
    rr.writeUInt32BE(ttl, 6);
    rr.writeUInt16BE(data.length, 10);
    data.copy(rr, 12);
    return rr;
  });
  return Buffer.concat([header, question, ...answers]);
}

/** A query as a resolver sends it (tests, and nothing else). */
export function buildQuery(id: number, name: string, type = TYPE_A): Buffer {
  const parts = name.split('.').filter(Boolean).map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'latin1')]));
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(0x0100, 2);
  header.writeUInt16BE(1, 4);
  const tail = Buffer.alloc(5);
  tail.writeUInt16BE(type, 1);
  tail.writeUInt16BE(1, 3);
  return Buffer.concat([header, ...parts, tail]);
}
