/**
 * The Engine API calls compose makes, typed, on quai's client. Nothing here
 * knows about Compose files: it lists, creates and removes engine objects.
 */
import {
  ApiError, type ContainerInspect, type ContainerSummary, type CreateResponse, type EngineClient, type ImageInspect,
  type Network, type NetworkCreateResponse, type Volume, type VolumeListResponse, type WaitResponse,
} from '@quai/client';
import { LABELS } from '../names.js';

const enc = encodeURIComponent;

export class Engine {
  constructor(readonly client: EngineClient) {}

  containers(filters: Record<string, string[]>, all = true): Promise<ContainerSummary[]> {
    return this.client.json<ContainerSummary[]>('GET', '/containers/json', { query: { all, filters: JSON.stringify(filters) } });
  }

  /** A project's containers (one-offs left out unless asked), in container-number order. */
  async projectContainers(project: string, opts: { oneoff?: boolean; all?: boolean; services?: string[] } = {}): Promise<ContainerSummary[]> {
    const label = [`${LABELS.project}=${project}`];
    if (opts.oneoff !== undefined) label.push(`${LABELS.oneoff}=${opts.oneoff ? 'True' : 'False'}`);
    const list = await this.containers({ label }, opts.all ?? true);
    const number = (c: ContainerSummary) => Number(c.Labels?.[LABELS.containerNumber] ?? 0);
    return list
      .filter((c) => !opts.services?.length || opts.services.includes(c.Labels?.[LABELS.service] ?? ''))
      .sort((a, b) => (a.Labels?.[LABELS.service] ?? '').localeCompare(b.Labels?.[LABELS.service] ?? '') || number(a) - number(b));
  }

  inspect(id: string): Promise<ContainerInspect> {
    return this.client.json<ContainerInspect>('GET', `/containers/${enc(id)}/json`);
  }

  async create(name: string, body: Record<string, unknown>): Promise<string> {
    const r = await this.client.json<CreateResponse>('POST', '/containers/create', { query: { name }, body });
    return r.Id;
  }

  start(id: string): Promise<unknown> {
    return this.client.json('POST', `/containers/${enc(id)}/start`);
  }

  stop(id: string, timeout?: number): Promise<unknown> {
    return this.client.json('POST', `/containers/${enc(id)}/stop`, { query: { t: timeout } });
  }

  restart(id: string, timeout?: number): Promise<unknown> {
    return this.client.json('POST', `/containers/${enc(id)}/restart`, { query: { t: timeout } });
  }

  kill(id: string, signal?: string): Promise<unknown> {
    return this.client.json('POST', `/containers/${enc(id)}/kill`, { query: { signal } });
  }

  pause(id: string): Promise<unknown> {
    return this.client.json('POST', `/containers/${enc(id)}/pause`);
  }

  unpause(id: string): Promise<unknown> {
    return this.client.json('POST', `/containers/${enc(id)}/unpause`);
  }

  remove(id: string, opts: { force?: boolean; volumes?: boolean } = {}): Promise<unknown> {
    return this.client.json('DELETE', `/containers/${enc(id)}`, { query: { force: opts.force, v: opts.volumes } });
  }

  rename(id: string, name: string): Promise<unknown> {
    return this.client.json('POST', `/containers/${enc(id)}/rename`, { query: { name } });
  }

  wait(id: string, condition = 'not-running'): Promise<WaitResponse> {
    return this.client.json<WaitResponse>('POST', `/containers/${enc(id)}/wait`, { query: { condition } });
  }

  networks(filters: Record<string, string[]>): Promise<Network[]> {
    return this.client.json<Network[]>('GET', '/networks', { query: { filters: JSON.stringify(filters) } });
  }

  async network(ref: string): Promise<Network | undefined> {
    return this.client.json<Network>('GET', `/networks/${enc(ref)}`).catch(notFound);
  }

  async createNetwork(body: Record<string, unknown>): Promise<string> {
    return (await this.client.json<NetworkCreateResponse>('POST', '/networks/create', { body })).Id;
  }

  removeNetwork(ref: string): Promise<unknown> {
    return this.client.json('DELETE', `/networks/${enc(ref)}`);
  }

  async volumes(filters: Record<string, string[]>): Promise<Volume[]> {
    return (await this.client.json<VolumeListResponse>('GET', '/volumes', { query: { filters: JSON.stringify(filters) } })).Volumes ?? [];
  }

  async volume(name: string): Promise<Volume | undefined> {
    return this.client.json<Volume>('GET', `/volumes/${enc(name)}`).catch(notFound);
  }

  createVolume(body: Record<string, unknown>): Promise<Volume> {
    return this.client.json<Volume>('POST', '/volumes/create', { body });
  }

  removeVolume(name: string): Promise<unknown> {
    return this.client.json('DELETE', `/volumes/${enc(name)}`);
  }

  async image(ref: string): Promise<ImageInspect | undefined> {
    return this.client.json<ImageInspect>('GET', `/images/${enc(ref)}/json`).catch(notFound);
  }

  removeImage(ref: string): Promise<unknown> {
    return this.client.json('DELETE', `/images/${enc(ref)}`);
  }
}

/** undefined for a 404, the error otherwise. */
export function notFound(err: unknown): undefined {
  if (err instanceof ApiError && err.statusCode === 404) return undefined;
  throw err;
}
