/**
 * What a container asks to publish, from its HostConfig.PortBindings
 * (`-p`) and PublishAllPorts (`-P`, every EXPOSEd port on a free host port):
 *
 *   { "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "8080" }] } → tcp 127.0.0.1:8080 → 80
 *   { "53/udp": [{ HostIp: "", HostPort: "" }] }              → udp 0.0.0.0:<any> → 53
 *   { "80/tcp": [{ HostIp: "", HostPort: "8000-8010" }] }     → the first free of 8000..8010
 */
import { InvalidArgumentError, type HostConfig } from '@quai/common';

export interface PortRequest {
  proto: 'tcp' | 'udp';
  port: number;
  hostIp: string;
  /** Inclusive range of acceptable host ports; [0, 0] means any. */
  hostPorts: [number, number];
  /** The key as Docker writes it: "80/tcp". */
  key: string;
}

export function parsePortKey(key: string): { port: number; proto: 'tcp' | 'udp' } {
  const [p = '', proto = 'tcp'] = key.split('/');
  const port = Number(p);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new InvalidArgumentError(`invalid port specification: "${key}"`);
  if (proto !== 'tcp' && proto !== 'udp') throw new InvalidArgumentError(`invalid proto: ${proto}`);
  return { port, proto };
}

function parseHostPorts(value: string | undefined): [number, number] {
  if (!value) return [0, 0];
  const m = /^(\d+)(?:-(\d+))?$/.exec(value);
  const lo = Number(m?.[1]);
  const hi = m?.[2] ? Number(m[2]) : lo;
  if (!m || lo > 65535 || hi > 65535 || hi < lo) throw new InvalidArgumentError(`invalid hostPort: ${value}`);
  return [lo, hi];
}

export function portRequests(hc: HostConfig, exposed: Record<string, object> | undefined): PortRequest[] {
  const out: PortRequest[] = [];
  const bindings = hc.PortBindings ?? {};
  for (const [key, list] of Object.entries(bindings)) {
    const { port, proto } = parsePortKey(key);
    for (const b of list?.length ? list : [{}]) {
      out.push({ proto, port, hostIp: b.HostIp ?? '', hostPorts: parseHostPorts(b.HostPort), key: `${port}/${proto}` });
    }
  }
  if (hc.PublishAllPorts) {
    for (const key of Object.keys(exposed ?? {})) {
      const { port, proto } = parsePortKey(key);
      if (!out.some((r) => r.port === port && r.proto === proto)) out.push({ proto, port, hostIp: '', hostPorts: [0, 0], key: `${port}/${proto}` });
    }
  }
  return out;
}
