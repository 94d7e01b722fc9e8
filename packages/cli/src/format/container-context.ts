/**
 * One `ps` row as Docker's ContainerContext presents it: the placeholders a
 * --format template can use, and the default columns.
 */
import { parseReference, familiarString } from '@quai/common/reference';
import type { ContainerSummary, Port } from '@quai/client';
import { GO_TYPE } from './go-template.js';
import { ellipsis, humanSize, timeAgo, truncateId } from '@quai/common';
import { goTimeString } from './go-time.js';

export const PS_DEFAULT = '{{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}';

export const PS_HEADERS: Record<string, string> = {
  ID: 'CONTAINER ID', Image: 'IMAGE', Command: 'COMMAND', CreatedAt: 'CREATED AT', RunningFor: 'CREATED',
  Ports: 'PORTS', State: 'STATE', Status: 'STATUS', Size: 'SIZE', Names: 'NAMES', Labels: 'LABELS',
  Mounts: 'MOUNTS', Networks: 'NETWORKS', LocalVolumes: 'LOCAL VOLUMES', Platform: 'PLATFORM',
};

function comparePorts(a: Port, b: Port): number {
  if (a.PrivatePort !== b.PrivatePort) return a.PrivatePort - b.PrivatePort;
  if ((a.PublicPort ?? 0) !== (b.PublicPort ?? 0)) return (a.PublicPort ?? 0) - (b.PublicPort ?? 0);
  if (a.Type !== b.Type) return a.Type < b.Type ? -1 : 1;
  return (a.IP ?? '') < (b.IP ?? '') ? -1 : (a.IP ?? '') > (b.IP ?? '') ? 1 : 0;
}

const joinHostPort = (ip: string, port: string) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

/** Docker's DisplayablePorts: "0.0.0.0:8080->80/tcp, 443/tcp", consecutive ports grouped as ranges. */
export function displayablePorts(ports: Port[]): string {
  const groups = new Map<string, { first: number; last: number }>();
  const order: string[] = [];
  const result: string[] = [];
  const hostMappings: string[] = [];
  const formGroup = (key: string, first: number, last: number) => {
    const [a, b] = key.split('/');
    const ip = b === undefined ? '' : a;
    const type = b === undefined ? a : b;
    let group = first === last ? `${first}` : `${first}-${last}`;
    if (ip) group = `${joinHostPort(ip, group)}->${group}`;
    return `${group}/${type}`;
  };
  for (const p of [...ports].sort(comparePorts)) {
    let key = p.Type;
    if (p.IP) {
      if (p.PublicPort !== p.PrivatePort) {
        hostMappings.push(`${joinHostPort(p.IP, String(p.PublicPort))}->${p.PrivatePort}/${p.Type}`);
        continue;
      }
      key = `${p.IP}/${p.Type}`;
    }
    const g = groups.get(key);
    if (!g) {
      groups.set(key, { first: p.PrivatePort, last: p.PrivatePort });
      order.push(key);
    } else if (p.PrivatePort === g.last + 1) g.last = p.PrivatePort;
    else {
      result.push(formGroup(key, g.first, g.last));
      groups.set(key, { first: p.PrivatePort, last: p.PrivatePort });
    }
  }
  for (const key of order) {
    const g = groups.get(key)!;
    result.push(formGroup(key, g.first, g.last));
  }
  return [...result, ...hostMappings].join(', ');
}

function imageColumn(c: ContainerSummary, trunc: boolean): string {
  if (!c.Image) return '<no image>';
  if (!trunc) return c.Image;
  if (truncateId(c.ImageID) === truncateId(c.Image)) return truncateId(c.Image);
  try {
    const ref = parseReference(c.Image);
    // the digest is dropped; a tag is kept only when one was given
    return familiarString({ ...ref, digest: undefined, tag: ref.tag });
  } catch {
    return c.Image;
  }
}

export function containerContext(c: ContainerSummary, trunc: boolean, now = Date.now()): Record<string | symbol, unknown> {
  const names = c.Names.map((n) => n.replace(/^\//, ''));
  const mounts = c.Mounts ?? [];
  return {
    [GO_TYPE]: '*formatter.ContainerContext',
    get Command() {
      return JSON.stringify(trunc ? ellipsis(c.Command, 20) : c.Command);
    },
    get CreatedAt() {
      return goTimeString(c.Created);
    },
    get ID() {
      return trunc ? truncateId(c.Id) : c.Id;
    },
    get Image() {
      return imageColumn(c, trunc);
    },
    get Labels() {
      return Object.keys(c.Labels ?? {}).sort().map((k) => `${k}=${c.Labels![k]}`).join(',');
    },
    get LocalVolumes() {
      return String(mounts.filter((m) => m.Type === 'volume' || (!m.Type && m.Name)).length);
    },
    get Mounts() {
      return mounts.map((m) => (trunc ? ellipsis(m.Name || m.Source || '', 15) : m.Name || m.Source || '')).join(',');
    },
    get Names() {
      if (trunc) {
        const plain = names.find((n) => !n.includes('/'));
        if (plain !== undefined) return plain;
      }
      return names.join(',');
    },
    get Networks() {
      return Object.keys(c.NetworkSettings?.Networks ?? {}).sort().join(',');
    },
    Platform: null,
    get Ports() {
      return displayablePorts(c.Ports ?? []);
    },
    get RunningFor() {
      return timeAgo(c.Created, now);
    },
    get Size() {
      const rw = humanSize(c.SizeRw ?? 0);
      return (c.SizeRootFs ?? 0) > 0 ? `${rw} (virtual ${humanSize(c.SizeRootFs!)})` : rw;
    },
    get State() {
      return c.State;
    },
    get Status() {
      return c.Status;
    },
  };
}
