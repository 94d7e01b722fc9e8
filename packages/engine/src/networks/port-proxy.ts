/**
 * The userland proxy for one published port: listens on the host address
 * and relays to the container. It serves what iptables DNAT cannot
 * (connections to 127.0.0.1), and its listening socket is what holds the
 * host port: a port in use fails here, with Docker's message.
 */
import net from 'node:net';
import dgram from 'node:dgram';
import { ConflictError } from '@quai/common';

export interface ProxySpec { proto: 'tcp' | 'udp'; hostIp: string; hostPort: number; ip: string; port: number }

export interface PortProxy {
  /** The port bound (the one the kernel chose when asked for 0). */
  readonly hostPort: number;
  close(): void;
}

export function startProxy(s: ProxySpec): Promise<PortProxy> {
  return s.proto === 'udp' ? startUdp(s) : startTcp(s);
}

function inUse(s: ProxySpec, err: Error): Error {
  if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    return new ConflictError(`failed to set up container networking: driver failed programming external connectivity: Bind for ${s.hostIp || '0.0.0.0'}:${s.hostPort} failed: port is already allocated`);
  }
  return err;
}

function startTcp(s: ProxySpec): Promise<PortProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    const upstream = net.connect(s.port, s.ip);
    sockets.add(client).add(upstream);
    const done = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
    client.on('error', done).on('close', done);
    upstream.on('error', done).on('close', done);
    upstream.once('connect', () => { client.pipe(upstream); upstream.pipe(client); client.resume(); });
  });
  return new Promise((resolve, reject) => {
    server.once('error', (err) => reject(inUse(s, err)));
    server.listen({ host: s.hostIp || '0.0.0.0', port: s.hostPort, exclusive: true }, () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({ hostPort: port, close: () => { server.close(); for (const sock of sockets) sock.destroy(); } });
    });
  });
}

/** UDP: one upstream socket per client address, dropped after a minute idle. */
function startUdp(s: ProxySpec): Promise<PortProxy> {
  const server = dgram.createSocket('udp4');
  const flows = new Map<string, { sock: dgram.Socket; timer: NodeJS.Timeout }>();
  server.on('message', (msg, from) => {
    const key = `${from.address}:${from.port}`;
    let flow = flows.get(key);
    if (!flow) {
      const sock = dgram.createSocket('udp4');
      sock.on('message', (reply) => server.send(reply, from.port, from.address));
      sock.on('error', () => {});
      flow = { sock, timer: setTimeout(() => {}, 0) };
      flows.set(key, flow);
    }
    clearTimeout(flow.timer);
    const f = flow;
    flow.timer = setTimeout(() => { f.sock.close(); flows.delete(key); }, 60_000);
    flow.sock.send(msg, s.port, s.ip);
  });
  return new Promise((resolve, reject) => {
    server.once('error', (err) => reject(inUse(s, err)));
    server.bind({ address: s.hostIp || '0.0.0.0', port: s.hostPort, exclusive: true }, () => {
      server.removeAllListeners('error');
      server.on('error', () => {});
      resolve({
        hostPort: server.address().port,
        close: () => { server.close(); for (const f of flows.values()) { clearTimeout(f.timer); f.sock.close(); } flows.clear(); },
      });
    });
  });
}
