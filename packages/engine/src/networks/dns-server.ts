/**
 * The embedded DNS server of one user-defined network, as Docker's: it
 * listens on the network's gateway address, port 53, answers the names of
 * the containers on that network (name, aliases, short id; A and AAAA) and
 * forwards every other question to the host's resolvers. A container on
 * several networks asks one server: `scope` lets that server answer the
 * names of the asker's other networks too, as Docker's one resolver does.
 */
import dgram from 'node:dgram';
import { readFile } from 'node:fs/promises';
import { isIPv4 } from 'node:net';
import { buildAnswer, parseQuery, RCODE_SERVFAIL, TYPE_A, TYPE_AAAA } from './dns-packet.js';

const FORWARD_TIMEOUT_MS = 4000;

/** Where names are looked up: a network's server, or a container's own link aliases. */
export interface NameSource { lookup(name: string): string[] | undefined }

export class DnsServer implements NameSource {
  private socket: dgram.Socket | undefined;
  /** name (lower case) → addresses. */
  private readonly names = new Map<string, Set<string>>();
  /** A container's own resolvers (`--dns`), by its address. */
  private readonly upstreams = new Map<string, string[]>();

  /**
   * `scope(clientIp)`: the servers whose names the asker may resolve, its own
   * networks' (this one when not given).
   */
  constructor(private readonly address: string, private readonly o: { port?: number; scope?: (clientIp: string) => NameSource[] } = {}) {}

  async start(): Promise<void> {
    const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    await new Promise<void>((resolve, reject) => {
      sock.once('error', reject);
      sock.bind(this.o.port ?? 53, this.address, () => { sock.off('error', reject); resolve(); });
    });
    sock.on('error', () => {});
    sock.on('message', (msg, from) => void this.answer(msg, from));
    this.socket = sock;
  }

  close(): void {
    this.socket?.close();
    this.socket = undefined;
  }

  add(names: string[], ip: string): void {
    for (const n of names) {
      const key = n.toLowerCase();
      if (!this.names.has(key)) this.names.set(key, new Set());
      this.names.get(key)!.add(ip);
    }
  }

  remove(names: string[], ip: string): void {
    for (const n of names) {
      const set = this.names.get(n.toLowerCase());
      set?.delete(ip);
      if (set?.size === 0) this.names.delete(n.toLowerCase());
    }
  }

  setUpstreams(clientIp: string, servers: string[]): void {
    if (servers.length) this.upstreams.set(clientIp, servers);
    else this.upstreams.delete(clientIp);
  }

  lookup(name: string): string[] | undefined {
    const set = this.names.get(name.toLowerCase().replace(/\.$/, ''));
    return set ? [...set] : undefined;
  }

  private async answer(msg: Buffer, from: dgram.RemoteInfo): Promise<void> {
    const q = parseQuery(msg);
    if (!q) return;
    const reply = (buf: Buffer) => this.socket?.send(buf, from.port, from.address);
    const scope = this.o.scope?.(from.address) ?? [this];
    const known = scope.map((server) => server.lookup(q.name)).find(Boolean);
    if (known) {
      // A known name with another type (MX...) gets an empty NOERROR, so resolvers do not wait.
      const wanted = q.type === TYPE_A ? known.filter((ip) => isIPv4(ip)) : q.type === TYPE_AAAA ? known.filter((ip) => !isIPv4(ip)) : [];
      reply(buildAnswer(msg, q, wanted));
      return;
    }
    const forwarded = await forward(msg, this.upstreams.get(from.address) ?? await hostResolvers());
    reply(forwarded ?? buildAnswer(msg, q, [], RCODE_SERVFAIL));
  }
}

/** Ask the host's resolvers in turn; the first answer wins. */
async function forward(msg: Buffer, servers: string[]): Promise<Buffer | undefined> {
  for (const server of servers) {
    const answer = await new Promise<Buffer | undefined>((resolve) => {
      const sock = dgram.createSocket('udp4');
      const done = (v: Buffer | undefined) => { clearTimeout(timer); sock.close(); resolve(v); };
      const timer = setTimeout(() => done(undefined), FORWARD_TIMEOUT_MS);
      sock.on('error', () => done(undefined));
      sock.on('message', (m) => done(m));
      sock.send(msg, 53, server);
    });
    if (answer) return answer;
  }
  return undefined;
}

async function hostResolvers(): Promise<string[]> {
  const text = await readFile('/etc/resolv.conf', 'utf8').catch(() => '');
  return [...text.matchAll(/^\s*nameserver\s+(\d+\.\d+\.\d+\.\d+)/gm)].map((m) => m[1]!);
}
