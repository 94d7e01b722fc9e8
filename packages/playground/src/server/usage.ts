/**
 * What the page shows for each instance: memory and CPU in use (its shell
 * plus every running container of its namespace, as `docker stats` counts
 * them) and the ports its containers publish. Read through the Engine API
 * at most every MAX_AGE_MS per instance, however many viewers poll.
 */
import type { EngineClient } from '@quai/client';
import type { Instance } from './instance.js';

const MAX_AGE_MS = 1500;

interface StatsJson {
  cpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number; online_cpus?: number };
  memory_stats?: { usage?: number; stats?: Record<string, number> };
}

export interface Usage { memoryBytes: number; cpuPercent: number; ports: number[] }

interface Sample { at: number; cpu: number; system: number; cpus: number; usage: Usage }

/** `docker stats`' memory figure: usage without the inactive page cache. */
function memoryOf(s: StatsJson): number {
  const m = s.memory_stats;
  if (!m?.usage) return 0;
  const inactive = m.stats?.total_inactive_file ?? m.stats?.inactive_file ?? 0;
  return Math.max(0, m.usage - inactive);
}

async function stats(client: EngineClient, id: string): Promise<StatsJson> {
  return client.json<StatsJson>('GET', `/containers/${id}/stats`, { query: { stream: false, 'one-shot': true } }).catch(() => ({}));
}

export class UsageMeter {
  private readonly samples = new Map<string, Sample>();
  private readonly pending = new Map<string, Promise<Usage>>();

  constructor(private readonly shells: EngineClient) {}

  usage(instance: Instance): Promise<Usage> {
    this.dropStale();
    const last = this.samples.get(instance.id);
    if (last && Date.now() - last.at < MAX_AGE_MS) return Promise.resolve(last.usage);
    let p = this.pending.get(instance.id);
    if (!p) {
      p = this.measure(instance, last).finally(() => this.pending.delete(instance.id));
      this.pending.set(instance.id, p);
    }
    return p;
  }

  /** Ports published on the instance's own address, fresh (the proxy asks before forwarding). */
  async ports(instance: Instance): Promise<number[]> {
    const list = await instance.engine.json<{ Ports?: { IP?: string; PublicPort?: number }[] }[]>('GET', '/containers/json');
    const ports = new Set<number>();
    for (const c of list) for (const p of c.Ports ?? []) if (p.PublicPort && (!p.IP || p.IP === instance.publishAddress)) ports.add(p.PublicPort);
    return [...ports].sort((a, b) => a - b);
  }

  private async measure(instance: Instance, last: Sample | undefined): Promise<Usage> {
    const running = await instance.engine.json<{ Id: string }[]>('GET', '/containers/json').catch(() => [] as { Id: string }[]);
    const all = await Promise.all([stats(this.shells, instance.shellId), ...running.map((c) => stats(instance.engine, c.Id))]);
    const memoryBytes = all.reduce((n, s) => n + memoryOf(s), 0);
    const cpu = all.reduce((n, s) => n + (s.cpu_stats?.cpu_usage?.total_usage ?? 0), 0);
    const system = all[0]?.cpu_stats?.system_cpu_usage ?? 0;
    const cpus = all[0]?.cpu_stats?.online_cpus ?? 1;
    // Percent of one CPU, as docker stats: the counters' growth since the last sample.
    const cpuPercent = last && system > last.system && cpu >= last.cpu ? Math.round(((cpu - last.cpu) / (system - last.system)) * cpus * 1000) / 10 : 0;
    const ports = await this.ports(instance).catch(() => last?.usage.ports ?? []);
    const usage = { memoryBytes, cpuPercent, ports };
    this.samples.set(instance.id, { at: Date.now(), cpu, system, cpus, usage });
    return usage;
  }

  forget(instanceId: string): void {
    this.samples.delete(instanceId);
  }

  /** Samples nobody asked for in a minute: their instances are likely gone. */
  private dropStale(): void {
    const old = Date.now() - 60_000;
    for (const [id, s] of this.samples) if (s.at < old) this.samples.delete(id);
  }
}
