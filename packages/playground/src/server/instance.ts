/**
 * An instance: a Docker host of its own for a learner, without privilege.
 *
 *   namespace play-<id>   on the engine, policy playground, quota, PublishAddress 127.77.x.y
 *                          (what `docker run -p` publishes listens there, not on the host)
 *   shell-<id>            in namespace `play`, hostname nodeN, on the session's network,
 *                          its DOCKER_HOST the namespace's socket (its directory bound read-only)
 *   terminal              a login shell exec'd in it, kept alive for every viewer
 *
 * `id` is random and unguessable (port links carry it); `name` is the hostname.
 */
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { EngineClient } from '@quai/client';
import type { PlayEngine } from './engine.js';
import { Terminal } from './terminal.js';

export interface Instance {
  readonly id: string;
  /** The hostname, node1 ... nodeN: unique in its session. */
  readonly name: string;
  readonly namespace: string;
  readonly publishAddress: string;
  readonly shellId: string;
  readonly workdir: string;
  /** The instance's own engine (its namespace's socket). */
  readonly engine: EngineClient;
  readonly terminal: Terminal;
  /** Its address on the session network. */
  ip: string;
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** 10 characters of [a-z0-9], starting with a letter: a DNS label, about 51 bits. */
export function newInstanceId(): string {
  const bytes = randomBytes(10);
  let id = ID_ALPHABET[bytes[0]! % 26]!;
  for (let i = 1; i < 10; i++) id += ID_ALPHABET[bytes[i]! % ID_ALPHABET.length]!;
  return id;
}

/** A loopback address of the instance's own in 127.77.0.0/16. */
export class AddressPool {
  private readonly used = new Set<string>();

  take(): string {
    for (;;) {
      const [a, b] = randomBytes(2);
      if (b === 0 || b === 255) continue;
      const address = `127.77.${a}.${b}`;
      if (this.used.has(address)) continue;
      this.used.add(address);
      return address;
    }
  }

  release(address: string): void {
    this.used.delete(address);
  }
}

/** Makes namespace + shell + a started terminal; undoes what it made if a step fails. */
export async function createInstance(engine: PlayEngine, addresses: AddressPool, hostname: string, network: string, shellImage?: string): Promise<Instance> {
  const id = newInstanceId();
  const namespace = `play-${id}`;
  const publishAddress = addresses.take();
  try {
    const ns = await engine.createNamespace(namespace, publishAddress, id);
    const shell = await engine.createShell({ instanceId: id, hostname, socketDir: dirname(ns.Socket), network, image: shellImage });
    const terminal = new Terminal(engine.shells, shell.id, shell.workdir);
    await terminal.ready();
    return {
      id, name: hostname, namespace, publishAddress, shellId: shell.id, workdir: shell.workdir,
      engine: new EngineClient({ host: `unix://${ns.Socket}` }), terminal, ip: '',
    };
  } catch (err) {
    await destroyInstance(engine, addresses, { id, namespace, publishAddress, shellId: `shell-${id}` }).catch(() => {});
    throw err;
  }
}

/** Everything the instance made goes: its terminal, its shell, its namespace with all inside. */
export async function destroyInstance(engine: PlayEngine, addresses: AddressPool,
  i: Pick<Instance, 'id' | 'namespace' | 'publishAddress' | 'shellId'> & { terminal?: Terminal }): Promise<void> {
  i.terminal?.close();
  await engine.removeContainer(i.shellId);
  await engine.removeNamespace(i.namespace);
  addresses.release(i.publishAddress);
}
