/**
 * Saving a session to the hub, and starting a session from a save.
 *
 * A save of session S as NAME under the hub account ACCOUNT is one
 * repository, HUB/ACCOUNT/NAME, with a tag per piece:
 *
 *   :session           the first instance's shell, carrying the label quai.play.saved (below)
 *   :node1             each instance's shell, committed (the learner's files, what they installed)
 *   :node1-c-web       each container of the instance, committed
 *   :node1-v-data      each volume of the instance, imported as an image holding volume/...
 *
 *   quai.play.saved = {"version":1,"instances":{"node1":{"containers":[{"name":"web","config":{...},
 *                      "hostConfig":{...},"networks":[{"name":"app","aliases":["site"]}],"running":true}],
 *                      "volumes":["data"],"networks":[{"name":"app","driver":"bridge","internal":false}]}}}
 *
 * Everything goes through the Engine API of the instance's namespace (commit,
 * import, push with the playground's hub account) and of `play` (the shells);
 * restoring pulls the same tags into new instances and recreates the
 * containers and volumes from them, and the user-defined networks with
 * each container's place on them (names and aliases, so they find each other
 * by name again; addresses and subnets are the new namespace's own).
 */
import { randomBytes } from 'node:crypto';
import type { Network } from '@quai/common';
import { readText, type EngineClient } from '@quai/client';
import type { PlayEngine } from './engine.js';
import type { Instance } from './instance.js';
import { PlayError } from './messages.js';

export const SAVED_LABEL = 'quai.play.saved';

export interface HubAccount {
  /** http://127.0.0.1:5000 */
  url: string;
  user: string;
  password: string;
}

interface SavedContainer {
  name: string;
  config: Record<string, unknown>;
  hostConfig: Record<string, unknown>;
  /** User-defined networks it is on, first one first (absent in saves made before networks were kept). */
  networks?: Array<{ name: string; aliases: string[] }>;
  running: boolean;
}

interface SavedNetwork { name: string; driver: string; internal: boolean; enableIPv6: boolean; labels: Record<string, string>; options: Record<string, string> }

interface SavedInstance { containers: SavedContainer[]; volumes: string[]; networks?: SavedNetwork[] }
export interface SavedSession { version: 1; instances: Record<string, SavedInstance> }

interface ContainerInspect {
  Id: string;
  Name: string;
  State: { Running: boolean };
  Config: Record<string, unknown>;
  HostConfig: { PortBindings?: Record<string, { HostIp?: string; HostPort?: string }[] | null>; RestartPolicy?: unknown };
  Mounts: { Type: string; Name?: string; Destination: string; RW?: boolean }[];
  NetworkSettings: { Networks?: Record<string, { Aliases?: string[] | null }> | null };
}

/** The networks every engine has; only the others are the learner's. */
const PREDEFINED_NETWORKS = new Set(['bridge', 'host', 'none']);

/** Only what recreating the container needs; the rest comes from its committed image. */
const KEPT_CONFIG = ['Cmd', 'Entrypoint', 'Env', 'WorkingDir', 'User', 'ExposedPorts', 'Labels', 'Tty', 'OpenStdin'];

function registryAuth(hub: HubAccount): Record<string, string> {
  const json = JSON.stringify({ username: hub.user, password: hub.password, serveraddress: new URL(hub.url).host });
  return { 'X-Registry-Auth': Buffer.from(json).toString('base64url') };
}

/** Runs a streamed call (push, pull, import) to its end; an error line throws. */
async function drain(stream: AsyncGenerator<unknown>): Promise<void> {
  for await (const _ of stream) { /* progress */ }
}

async function push(client: EngineClient, hub: HubAccount, repo: string, tag: string): Promise<void> {
  await drain(client.jsonLines('POST', `/images/${encodeURIComponent(repo)}/push`, { query: { tag }, headers: registryAuth(hub) }));
}

async function pull(client: EngineClient, hub: HubAccount, repo: string, tag: string): Promise<void> {
  await drain(client.jsonLines('POST', '/images/create', { query: { fromImage: repo, tag }, headers: registryAuth(hub) }));
}

/** A tag made of a container's or volume's name (tags allow [A-Za-z0-9_.-], 128 long). */
function tagOf(prefix: string, name: string): string {
  return `${prefix}-${name.replace(/[^A-Za-z0-9_.-]/g, '_')}`.slice(0, 128);
}

/** Published ports without the old instance's address: a restored one publishes on its own. */
function portsWithoutAddress(bindings: ContainerInspect['HostConfig']['PortBindings']): Record<string, { HostPort?: string }[]> {
  return Object.fromEntries(Object.entries(bindings ?? {}).map(([port, list]) => [port, (list ?? []).map((b) => ({ HostPort: b.HostPort }))]));
}

async function saveVolumes(client: EngineClient, hub: HubAccount, repo: string, instance: Instance, helperImage: string | undefined): Promise<string[]> {
  const { Volumes } = await client.json<{ Volumes: { Name: string }[] | null }>('GET', '/volumes');
  if (!Volumes?.length || !helperImage) return [];
  const saved: string[] = [];
  for (const v of Volumes) {
    // A container that is never started, only there to read the volume through the archive API.
    const { Id } = await client.json<{ Id: string }>('POST', '/containers/create', {
      body: { Image: helperImage, Cmd: ['true'], HostConfig: { Mounts: [{ Type: 'volume', Source: v.Name, Target: '/volume' }], NetworkMode: 'none' } },
    });
    try {
      const tar = await client.request('GET', `/containers/${Id}/archive`, { query: { path: '/volume' } });
      await drain(client.jsonLines('POST', '/images/create', { query: { fromSrc: '-', repo, tag: tagOf(instance.name + '-v', v.Name) }, body: tar }));
    } finally {
      await client.request('DELETE', `/containers/${Id}`, { query: { force: 1 } }).then((r) => r.resume(), () => {});
    }
    await push(client, hub, repo, tagOf(instance.name + '-v', v.Name));
    saved.push(v.Name);
  }
  return saved;
}

async function saveInstance(client: EngineClient, hub: HubAccount, repo: string, instance: Instance): Promise<SavedInstance> {
  const list = await client.json<{ Id: string }[]>('GET', '/containers/json', { query: { all: 1 } });
  const containers: SavedContainer[] = [];
  let helperImage: string | undefined;
  for (const { Id } of list) {
    const c = await client.json<ContainerInspect>('GET', `/containers/${Id}/json`);
    const name = c.Name.replace(/^\//, '');
    const tag = tagOf(`${instance.name}-c`, name);
    await client.request('POST', '/commit', { query: { container: Id, repo, tag, pause: 1 }, body: {} }).then(readText);
    await push(client, hub, repo, tag);
    helperImage ??= `${repo}:${tag}`;
    const config = Object.fromEntries(KEPT_CONFIG.filter((k) => c.Config[k] !== undefined).map((k) => [k, c.Config[k]]));
    const binds = c.Mounts.filter((m) => m.Type === 'volume' && m.Name).map((m) => `${m.Name}:${m.Destination}${m.RW === false ? ':ro' : ''}`);
    const networks = Object.entries(c.NetworkSettings.Networks ?? {})
      .filter(([net]) => !PREDEFINED_NETWORKS.has(net))
      .map(([net, ep]) => ({ name: net, aliases: ep.Aliases ?? [] }));
    containers.push({
      name, config, running: c.State.Running, networks,
      hostConfig: { PortBindings: portsWithoutAddress(c.HostConfig.PortBindings), RestartPolicy: c.HostConfig.RestartPolicy ?? {}, Binds: binds },
    });
  }
  if (!helperImage) helperImage = (await client.json<{ RepoTags?: string[] }[]>('GET', '/images/json'))[0]?.RepoTags?.[0];
  return { containers, volumes: await saveVolumes(client, hub, repo, instance, helperImage), networks: await saveNetworks(client) };
}

async function saveNetworks(client: EngineClient): Promise<SavedNetwork[]> {
  const all = await client.json<Network[]>('GET', '/networks');
  return all.filter((n) => !PREDEFINED_NETWORKS.has(n.Name)).map((n) => ({
    name: n.Name, driver: n.Driver, internal: n.Internal, enableIPv6: n.EnableIPv6 === true, labels: n.Labels ?? {}, options: n.Options ?? {},
  }));
}

/** Saves every instance of a session; answers the reference to restore it with. */
export async function saveSession(engine: PlayEngine, hub: HubAccount, instances: Instance[], name: string | undefined): Promise<string> {
  if (!instances.length) throw new PlayError(409, 'nothingToSave');
  const repo = `${new URL(hub.url).host}/${hub.user}/${name ?? `session-${randomBytes(4).toString('hex')}`}`;
  const saved: SavedSession = { version: 1, instances: {} };
  for (const instance of instances) saved.instances[instance.name] = await saveInstance(instance.engine, hub, repo, instance);
  const label = JSON.stringify(saved);
  for (const [i, instance] of instances.entries()) {
    await engine.shells.request('POST', '/commit', { query: { container: instance.shellId, repo, tag: instance.name, pause: 1 }, body: { Labels: { [SAVED_LABEL]: label } } }).then(readText);
    await push(engine.shells, hub, repo, instance.name);
    if (i === 0) {
      await engine.shells.request('POST', `/images/${encodeURIComponent(`${repo}:${instance.name}`)}/tag`, { query: { repo, tag: 'session' } }).then(readText);
      await push(engine.shells, hub, repo, 'session');
    }
  }
  return repo;
}

/** What a save holds: pulls REF:session into `play` and reads its label. Only the configured hub is reachable. */
export async function readSave(engine: PlayEngine, hub: HubAccount, ref: string): Promise<SavedSession> {
  const host = new URL(hub.url).host;
  if (!ref.startsWith(`${host}/`)) throw new PlayError(400, 'restoreOrigin', { ref, hub: host });
  try {
    await pull(engine.shells, hub, ref, 'session');
  } catch (err) {
    throw new PlayError(404, 'noSave', { ref, detail: (err as Error).message });
  }
  const image = await engine.shells.json<{ Config: { Labels?: Record<string, string> } }>('GET', `/images/${encodeURIComponent(`${ref}:session`)}/json`);
  const label = image.Config.Labels?.[SAVED_LABEL];
  let saved: SavedSession | undefined;
  try {
    saved = label ? JSON.parse(label) as SavedSession : undefined;
  } catch {
    saved = undefined;
  }
  if (saved?.version !== 1 || typeof saved.instances !== 'object') throw new PlayError(400, 'noSave', { ref, detail: `no ${SAVED_LABEL} label` });
  return saved;
}

/** The shell image of a saved instance, pulled into `play`. */
export async function pullSavedShell(engine: PlayEngine, hub: HubAccount, ref: string, name: string): Promise<string> {
  await pull(engine.shells, hub, ref, name);
  return `${ref}:${name}`;
}

/** Recreates a saved instance's volumes and containers in its new namespace (the containers start if they ran). */
export async function restoreInstance(hub: HubAccount, ref: string, instance: Instance, saved: SavedInstance): Promise<void> {
  const client = instance.engine;
  for (const volume of saved.volumes) {
    const image = `${ref}:${tagOf(`${instance.name}-v`, volume)}`;
    await pull(client, hub, ref, tagOf(`${instance.name}-v`, volume));
    await client.json('POST', '/volumes/create', { body: { Name: volume } });
    // Two containers of the volume's image, never started: one reads the saved files, the other writes them into the new volume.
    const from = await client.json<{ Id: string }>('POST', '/containers/create', { body: { Image: image, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } } });
    const to = await client.json<{ Id: string }>('POST', '/containers/create', {
      body: { Image: image, Cmd: ['true'], HostConfig: { NetworkMode: 'none', Mounts: [{ Type: 'volume', Source: volume, Target: '/volume' }] } },
    });
    try {
      const tar = await client.request('GET', `/containers/${from.Id}/archive`, { query: { path: '/volume' } });
      await client.request('PUT', `/containers/${to.Id}/archive`, { query: { path: '/' }, body: tar }).then((r) => r.resume());
    } finally {
      for (const id of [from.Id, to.Id]) await client.request('DELETE', `/containers/${id}`, { query: { force: 1 } }).then((r) => r.resume(), () => {});
      await client.request('DELETE', `/images/${encodeURIComponent(image)}`).then((r) => r.resume(), () => {});
    }
  }
  for (const n of saved.networks ?? []) {
    await client.json('POST', '/networks/create', {
      body: { Name: n.name, Driver: n.driver, Internal: n.internal, EnableIPv6: n.enableIPv6, Labels: n.labels, Options: n.options },
    });
  }
  for (const c of saved.containers) {
    const tag = tagOf(`${instance.name}-c`, c.name);
    await pull(client, hub, ref, tag);
    // On its first network from the start (as `docker run --network`), connected to the others before it starts.
    const [first, ...others] = c.networks ?? [];
    const { Id } = await client.json<{ Id: string }>('POST', '/containers/create', {
      query: { name: c.name },
      body: {
        ...c.config, Image: `${ref}:${tag}`,
        HostConfig: first ? { ...c.hostConfig, NetworkMode: first.name } : c.hostConfig,
        ...(first ? { NetworkingConfig: { EndpointsConfig: { [first.name]: { Aliases: first.aliases } } } } : {}),
      },
    });
    for (const n of others) await client.json('POST', `/networks/${encodeURIComponent(n.name)}/connect`, { body: { Container: Id, EndpointConfig: { Aliases: n.aliases } } });
    if (c.running) await client.request('POST', `/containers/${Id}/start`).then((r) => r.resume());
  }
}
