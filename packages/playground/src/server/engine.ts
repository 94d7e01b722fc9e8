/**
 * The playground's use of the engine, through the Engine API only:
 *
 *   main socket (admin API)   POST/DELETE /quai/namespaces: one namespace per instance,
 *                              policy playground, a quota, a loopback PublishAddress
 *   namespace `play`           the shells (one container per instance, hostname nodeN)
 *                              and one network per session (internal unless --outbound),
 *                              plus the warm pool's network
 *
 * Everything it makes carries the label quai.play.owner=<owner id> (kept in
 * the data root), so a playground restarted after a crash finds and removes
 * what its previous run left.
 */
import { existsSync, createReadStream } from 'node:fs';
import { EngineClient, ApiError, readText } from '@quai/client';
import type { NamespaceJson } from '@quai/client';
import type { PlayConfig } from './config.js';

export const OWNER_LABEL = 'quai.play.owner';
export const INSTANCE_LABEL = 'quai.play.instance';
/** Where a shell finds its instance's engine: the namespace's socket directory, bound read-only. */
export const SHELL_SOCKET_DIR = '/var/run/quai';

export interface ShellSpec {
  instanceId: string;
  hostname: string;
  /** Host directory of the instance namespace's socket. */
  socketDir: string;
  network: string;
  /** Another image than --shell-image (a restored instance's saved shell). */
  image?: string;
}

export class PlayEngine {
  readonly admin: EngineClient;
  /** The `play` namespace's socket: shells and session networks. */
  shells!: EngineClient;
  poolNetwork = '';

  constructor(private readonly config: PlayConfig, readonly owner: string) {
    this.admin = new EngineClient({ host: config.engine });
  }

  /** Namespace `play`, the shell image in it, the pool network; what a previous run left is removed. */
  async prepare(shellArchive: string, log: (m: string) => void): Promise<void> {
    const ns = await this.ensureNamespace();
    this.shells = new EngineClient({ host: `unix://${ns.Socket}` });
    await this.removeLeftovers(log);
    await this.ensureShellImage(shellArchive, log);
    this.poolNetwork = `pool-${this.owner}`;
    await this.createNetwork(this.poolNetwork);
  }

  private async ensureNamespace(): Promise<NamespaceJson> {
    try {
      // Without --outbound the shells' networks reach nothing beyond the host, nor a service of the host itself.
      return await this.admin.json<NamespaceJson>('POST', '/quai/namespaces', { body: { Name: this.config.namespace, Policy: 'default', Outbound: this.config.outbound } });
    } catch (err) {
      if (!(err instanceof ApiError && err.statusCode === 409)) throw err;
      return this.admin.json<NamespaceJson>('GET', `/quai/namespaces/${encodeURIComponent(this.config.namespace)}`);
    }
  }

  /** The shell image in `play`: already there, else loaded from the archive `library/build.sh` writes, else pulled. */
  private async ensureShellImage(archive: string, log: (m: string) => void): Promise<void> {
    const image = this.config.shellImage;
    if (await this.exists(this.shells, `/images/${encodeURIComponent(image)}/json`)) return;
    if (existsSync(archive)) {
      log(`loading the shell image from ${archive}`);
      const res = await this.shells.request('POST', '/images/load', { body: createReadStream(archive), query: { quiet: 1 } });
      const out = await readText(res);
      if (/"error"/.test(out)) throw new Error(`loading ${archive}: ${out.trim()}`);
      if (await this.exists(this.shells, `/images/${encodeURIComponent(image)}/json`)) return;
    }
    log(`pulling the shell image ${image}`);
    const [fromImage, tag = 'latest'] = splitTag(image);
    try {
      for await (const _ of this.shells.jsonLines('POST', '/images/create', { query: { fromImage, tag } })) { /* progress */ }
    } catch (err) {
      throw new Error(`the shell image ${image} is missing: build it (bash library/build.sh play-shell) or name another with --shell-image (${(err as Error).message})`);
    }
  }

  private async exists(client: EngineClient, path: string): Promise<boolean> {
    try {
      await client.json('GET', path);
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.statusCode === 404) return false;
      throw err;
    }
  }

  private ownerFilter(): { filters: string } {
    return { filters: JSON.stringify({ label: [`${OWNER_LABEL}=${this.owner}`] }) };
  }

  /** Namespaces, shells and networks labelled with our owner id. */
  async removeLeftovers(log: (m: string) => void): Promise<void> {
    const namespaces = await this.admin.json<NamespaceJson[]>('GET', '/quai/namespaces');
    for (const ns of namespaces.filter((n) => n.Labels?.[OWNER_LABEL] === this.owner)) {
      log(`removing namespace ${ns.Name} left by a previous run`);
      await this.removeNamespace(ns.Name);
    }
    const containers = await this.shells.json<{ Id: string }[]>('GET', '/containers/json', { query: { all: 1, ...this.ownerFilter() } });
    for (const c of containers) await this.removeContainer(c.Id);
    const networks = await this.shells.json<{ Id: string; Name: string }[]>('GET', '/networks', { query: this.ownerFilter() });
    for (const n of networks) await this.removeNetwork(n.Id);
  }

  async createNamespace(name: string, publishAddress: string, instanceId: string): Promise<NamespaceJson> {
    const l = this.config.instance;
    return this.admin.json<NamespaceJson>('POST', '/quai/namespaces', {
      body: {
        Name: name,
        Policy: 'playground',
        Quota: {
          Memory: l.memory, NanoCpus: l.nanoCpus, Pids: l.pids, ...(l.disk ? { Disk: l.disk } : {}),
          Containers: 50, Images: 100, Volumes: 50, Networks: 20,
        },
        PublishAddress: publishAddress,
        Outbound: this.config.outbound,
        Labels: { [OWNER_LABEL]: this.owner, [INSTANCE_LABEL]: instanceId },
      },
    });
  }

  /** The engine removes everything inside (containers, images, volumes, networks, socket). */
  async removeNamespace(name: string): Promise<void> {
    await this.admin.request('DELETE', `/quai/namespaces/${encodeURIComponent(name)}`).then((r) => r.resume(), ignoreNotFound);
  }

  async createNetwork(name: string, labels: Record<string, string> = {}): Promise<void> {
    await this.shells.json('POST', '/networks/create', {
      body: { Name: name, Driver: 'bridge', Internal: !this.config.outbound, Labels: { [OWNER_LABEL]: this.owner, ...labels } },
    }).catch((err) => {
      if (!(err instanceof ApiError && err.statusCode === 409)) throw err;
    });
  }

  async removeNetwork(name: string): Promise<void> {
    await this.shells.request('DELETE', `/networks/${encodeURIComponent(name)}`).then((r) => r.resume(), ignoreNotFound);
  }

  /** A started shell: non-privileged, Docker's default capabilities, its own memory and pids limits. */
  async createShell(s: ShellSpec): Promise<{ id: string; workdir: string }> {
    const binds = [`${s.socketDir}:${SHELL_SOCKET_DIR}:ro`];
    if (this.config.shellCli) binds.push(`${this.config.shellCli}:/usr/local/bin/docker:ro`);
    const memory = this.config.instance.shellMemory;
    const { Id } = await this.shells.json<{ Id: string }>('POST', '/containers/create', {
      query: { name: `shell-${s.instanceId}` },
      body: {
        Image: s.image ?? this.config.shellImage,
        Hostname: s.hostname,
        Entrypoint: ['sleep'],
        Cmd: ['2147483647'],
        Env: [`DOCKER_HOST=unix://${SHELL_SOCKET_DIR}/docker.sock`],
        Labels: { [OWNER_LABEL]: this.owner, [INSTANCE_LABEL]: s.instanceId },
        HostConfig: {
          Binds: binds,
          Init: true,
          Memory: memory,
          MemorySwap: memory,
          PidsLimit: 512,
          CpuShares: 1024,
          NetworkMode: s.network,
        },
        NetworkingConfig: { EndpointsConfig: { [s.network]: { Aliases: [s.hostname] } } },
      },
    });
    try {
      await this.shells.request('POST', `/containers/${Id}/start`).then((r) => r.resume());
      const info = await this.shells.json<{ Config: { WorkingDir?: string } }>('GET', `/containers/${Id}/json`);
      return { id: Id, workdir: info.Config.WorkingDir || '/root' };
    } catch (err) {
      await this.removeContainer(Id);
      throw err;
    }
  }

  async removeContainer(id: string): Promise<void> {
    await this.shells.request('DELETE', `/containers/${id}`, { query: { force: 1, v: 1 } }).then((r) => r.resume(), ignoreNotFound);
  }

  /** Moves a pooled shell onto its session's network, reachable there by its hostname. */
  async moveShell(id: string, from: string, to: string, alias: string): Promise<void> {
    await this.shells.request('POST', `/networks/${encodeURIComponent(to)}/connect`, { body: { Container: id, EndpointConfig: { Aliases: [alias] } } }).then((r) => r.resume());
    await this.shells.request('POST', `/networks/${encodeURIComponent(from)}/disconnect`, { body: { Container: id, Force: true } }).then((r) => r.resume());
  }

  /** The shell's address on a network. */
  async shellAddress(id: string, network: string): Promise<string> {
    const info = await this.shells.json<{ NetworkSettings: { Networks: Record<string, { IPAddress?: string }> } }>('GET', `/containers/${id}/json`);
    return info.NetworkSettings.Networks[network]?.IPAddress ?? '';
  }
}

function ignoreNotFound(err: unknown): void {
  if (err instanceof ApiError && err.statusCode === 404) return;
  throw err;
}

function splitTag(image: string): [string, string?] {
  const at = image.lastIndexOf(':');
  return at > image.lastIndexOf('/') ? [image.slice(0, at), image.slice(at + 1)] : [image];
}
