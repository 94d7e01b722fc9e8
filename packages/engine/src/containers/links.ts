/**
 * Legacy links (`--link name:alias`) between containers on the default
 * bridge, as Docker's:
 *
 *   create  resolveLinks()  [{ name: 'web', alias: 'db' }] → c.links { db: <web's id> }
 *           (the daemon parses HostConfig.Links ['web:db'])
 *   start   linkEnv()       DB_NAME=/app/db, DB_PORT_80_TCP=tcp://172.17.0.2:80, DB_ENV_FOO=bar ...
 *           linkHosts()     /etc/hosts: "172.17.0.2  db <web's hostname> web"
 *           a child that starts (again) updates the hosts of its running parents
 *   rm      removeLink()    DELETE /containers/app/db?link=1
 *
 * A link names the child as `/<parent>/<alias>` (in `ps` and inspect's
 * HostConfig.Links: "/web:/app/db"). On a user-defined network a link is a
 * name in that network's DNS instead (EndpointSettings.Links, network-service.ts).
 */
import { ConflictError, InvalidArgumentError, NotFoundError, QuaiError } from '@quai/common';
import type { ContainerSpec } from './container-spec.js';
import { containerDir } from '../paths.js';
import type { ContainerContext } from './context.js';
import { isRunning, type ContainerRecord } from './container-record.js';
import { writeEtcFiles, type HostsEntry } from './etc-files.js';

const isUserNetwork = (mode: string) => !['', 'default', 'bridge', 'host', 'none'].includes(mode) && !mode.startsWith('container:');

/** At create: each link's child, which must exist (its id, by alias); none on a user-defined network. */
export function resolveLinks(d: ContainerContext, links: ContainerSpec['links'], mode: string): Record<string, string> | undefined {
  if (!links.length) return undefined;
  if (mode === 'host') throw new InvalidArgumentError("conflicting options: host type networking can't be used with links. This would result in undefined behavior");
  if (mode.startsWith('container:')) throw new InvalidArgumentError("conflicting options: container type network can't be used with links. This would result in undefined behavior");
  if (isUserNetwork(mode)) return undefined;
  const out: Record<string, string> = {};
  for (const { name, alias } of links) {
    let child = d.store.find(name);
    if (!child) throw new InvalidArgumentError(`could not get container for ${name}: No such container: ${name}`);
    // A child sharing another's network namespace is reached there.
    for (let mode = child.hostConfig.NetworkMode ?? ''; mode.startsWith('container:'); mode = child.hostConfig.NetworkMode ?? '') {
      const target = mode.slice('container:'.length);
      const next = d.store.find(target);
      if (!next) throw new InvalidArgumentError(`could not get container for ${target}: No such container: ${target}`);
      child = next;
    }
    if (child.hostConfig.NetworkMode === 'host') {
      throw new InvalidArgumentError("conflicting options: host type networking can't be used with links. This would result in undefined behavior");
    }
    out[alias] = child.id;
  }
  return out;
}

/** The children of a container's links that still exist, by alias. */
function children(d: ContainerContext, c: ContainerRecord): Array<[alias: string, child: ContainerRecord]> {
  return Object.entries(c.links ?? {}).flatMap(([alias, id]) => {
    const child = d.store.find(id);
    return child && child.id === id ? [[alias, child] as [string, ContainerRecord]] : [];
  });
}

/** inspect's HostConfig.Links: `/web:/app/db`. */
export function linkList(d: ContainerContext, c: ContainerRecord): string[] | null {
  const list = children(d, c).map(([alias, child]) => `/${child.name}:/${c.name}/${alias}`);
  return list.length ? list : null;
}

/** The names a child has through its parents' links (`/app/db`), for `ps`. */
export function linkNamesOf(d: ContainerContext, child: ContainerRecord): string[] {
  return d.store.all().flatMap((p) => Object.entries(p.links ?? {}).filter(([, id]) => id === child.id).map(([alias]) => `/${p.name}/${alias}`));
}

function bridgeEndpoint(c: ContainerRecord) {
  return c.networks?.bridge;
}

/**
 * At start, once networks are attached: the environment the links give,
 * Docker's `<ALIAS>_PORT_<port>_<PROTO>...`, `<ALIAS>_NAME`, `<ALIAS>_ENV_<var>`.
 * Every child must be running on the default bridge.
 */
export function linkEnv(d: ContainerContext, c: ContainerRecord): string[] {
  if (!bridgeEndpoint(c)) return [];
  const env: string[] = [];
  for (const [alias, child] of children(d, c)) {
    const fullName = `/${c.name}/${alias}`;
    if (!isRunning(child) || child.state.status === 'restarting') {
      throw new QuaiError('invalid-argument', `Cannot link to a non running container: /${child.name} AS ${fullName}`);
    }
    const ip = bridgeEndpoint(child)?.ip;
    if (!ip) throw new QuaiError('invalid-argument', `container ${child.id} not attached to default bridge network`);
    env.push(...linkEnvVars(fullName, ip, child.config.Env, Object.keys(child.config.ExposedPorts ?? {})));
  }
  return env;
}

/** Docker's links.ToEnv: ports sorted (TCP first), a run of consecutive ports also as _START/_END. */
export function linkEnvVars(fullName: string, childIp: string, childEnv: string[], exposed: string[]): string[] {
  const alias = fullName.split('/').pop()!.toUpperCase().replace(/-/g, '_');
  const ports = exposed.map((key) => { const [n, proto = 'tcp'] = key.split('/'); return { num: Number(n), proto }; })
    .filter((p) => Number.isInteger(p.num))
    .sort((a, b) => (a.proto === b.proto ? a.num - b.num : a.proto === 'tcp' ? -1 : b.proto === 'tcp' ? 1 : a.proto.localeCompare(b.proto)));
  const env: string[] = [];
  let start = ports[0];
  let end = ports[0];
  ports.forEach((p, i) => {
    if (i === 0) env.push(`${alias}_PORT=${p.proto}://${childIp}:${p.num}`);
    const prefix = `${alias}_PORT_${p.num}_${p.proto.toUpperCase()}`;
    env.push(`${prefix}=${p.proto}://${childIp}:${p.num}`, `${prefix}_ADDR=${childIp}`, `${prefix}_PORT=${p.num}`, `${prefix}_PROTO=${p.proto}`);
    if (i > 0 && p.num === end!.num + 1 && p.proto === end!.proto) {
      end = p;
      if (i < ports.length - 1) return;
    }
    if (end !== start) {
      const range = `${alias}_PORT_${start!.num}_${start!.proto.toUpperCase()}`;
      env.push(`${range}_START=${start!.proto}://${childIp}:${start!.num}`, `${range}_PORT_START=${start!.num}`,
        `${range}_END=${end!.proto}://${childIp}:${end!.num}`, `${range}_PORT_END=${end!.num}`);
    }
    start = p;
    end = p;
  });
  env.push(`${alias}_NAME=${fullName}`);
  for (const entry of childEnv) {
    const eq = entry.indexOf('=');
    if (eq < 0) continue;
    const name = entry.slice(0, eq);
    if (name === 'HOME' || name === 'PATH') continue;
    env.push(`${alias}_ENV_${name}=${entry.slice(eq + 1)}`);
  }
  return env;
}

/** /etc/hosts lines for the links: the child by its alias, hostname and name (when not the alias). */
export function linkHosts(d: ContainerContext, c: ContainerRecord): HostsEntry[] {
  if (!bridgeEndpoint(c)) return [];
  const out: HostsEntry[] = [];
  for (const [alias, child] of children(d, c)) {
    const names = [alias, child.config.Hostname || child.id.slice(0, 12), ...(alias !== child.name ? [child.name] : [])];
    const ep = bridgeEndpoint(child);
    for (const ip of [ep?.ip, ep?.ip6]) if (ip) out.push({ ip, names });
  }
  return out;
}

/** Rewrite a running container's /etc files in place (they are bind-mounted). */
export async function rewriteEtcFiles(d: ContainerContext, c: ContainerRecord): Promise<void> {
  if (!c.netns) return;
  await writeEtcFiles(containerDir(d.paths, c.id), c, { ...d.networks.etcNetwork(c), links: linkHosts(d, c) });
}

/** A child (re)started with new addresses: its running parents' /etc/hosts follow, as Docker's. */
export async function refreshLinkedParents(d: ContainerContext, child: ContainerRecord): Promise<void> {
  for (const parent of d.store.all()) {
    if (parent.netns && Object.values(parent.links ?? {}).includes(child.id)) await rewriteEtcFiles(d, parent).catch(() => {});
  }
}

/** `DELETE /containers/{parent}/{alias}?link=1`: drop one link, as Docker's rmLink. */
export async function removeLink(d: ContainerContext, ref: string): Promise<void> {
  const name = ref.startsWith('/') ? ref : `/${ref}`;
  const slash = name.lastIndexOf('/');
  const parentName = name.slice(0, slash);
  const alias = name.slice(slash + 1);
  if (!parentName) throw new ConflictError('Conflict, cannot remove the default link name of the container');
  const parent = d.store.find(parentName);
  if (!parent) throw new NotFoundError(`Cannot get parent ${parentName} for link name ${name}`);
  const childId = parent.links?.[alias];
  if (!childId || !d.store.find(childId)) throw new NotFoundError(`No such container: ${ref.replace(/^\//, '')}`);
  await d.locks.run(parent.id, async () => {
    const rest = { ...parent.links };
    delete rest[alias];
    parent.links = Object.keys(rest).length ? rest : undefined;
    await d.store.save(parent);
    await rewriteEtcFiles(d, parent);
  });
}
