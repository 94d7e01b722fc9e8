/**
 * The /etc/hostname, /etc/hosts and /etc/resolv.conf a container sees:
 * written into its directory and bind-mounted, as Docker does.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerRecord } from './container-record.js';

export interface EtcFiles { hostname: string; hosts: string; resolvConf: string }

/** One /etc/hosts line: an address and its names. */
export interface HostsEntry { ip: string; names: string[] }

/**
 * From the network attachment: own addresses, `host-gateway`, the embedded
 * DNS server; and the linked containers (links.ts).
 */
export interface EtcNetwork { ips?: string[]; hostGateway?: string; nameserver?: string; links?: HostsEntry[] }

const FALLBACK_NAMESERVERS = 'nameserver 8.8.8.8\nnameserver 8.8.4.4\n';

export async function writeEtcFiles(dir: string, c: ContainerRecord, net: EtcNetwork = {}): Promise<EtcFiles> {
  const files = { hostname: join(dir, 'hostname'), hosts: join(dir, 'hosts'), resolvConf: join(dir, 'resolv.conf') };
  const hostname = c.config.Hostname || c.id.slice(0, 12);
  await writeFile(files.hostname, `${hostname}\n`);
  const extra = (c.hostConfig.ExtraHosts ?? []).map((h) => {
    const [name, ip] = h.split(/:(.*)/s);
    return `${ip === 'host-gateway' ? net.hostGateway ?? ip : ip}\t${name}`;
  });
  await writeFile(files.hosts, [
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'ff00::0\tip6-mcastprefix',
    'ff02::1\tip6-allnodes',
    'ff02::2\tip6-allrouters',
    ...extra,
    ...(net.links ?? []).map((l) => `${l.ip}\t${l.names.join(' ')}`),
    ...(net.ips ?? []).map((ip) => `${ip}\t${hostname}`),
    '',
  ].join('\n'));
  await writeFile(files.resolvConf, await resolvConf(c, net.nameserver));
  return files;
}

/** The host's resolv.conf without loopback resolvers, which a container cannot reach. */
async function resolvConf(c: ContainerRecord, embedded?: string): Promise<string> {
  // On user networks the embedded server answers, and forwards the rest to --dns servers or the host's.
  const dns = embedded ? [embedded] : c.hostConfig.Dns ?? [];
  let host = '';
  try { host = await readFile('/etc/resolv.conf', 'utf8'); } catch { /* none */ }
  const lines = host.split('\n').filter((l) => !/^\s*nameserver\s+(127\.|::1)/.test(l));
  let text = dns.length
    ? lines.filter((l) => !/^\s*nameserver\s/.test(l)).concat(dns.map((ip) => `nameserver ${ip}`)).join('\n')
    : lines.join('\n');
  if (!/^\s*nameserver\s/m.test(text)) text += `\n${FALLBACK_NAMESERVERS}`;
  return text.trim() + '\n';
}
