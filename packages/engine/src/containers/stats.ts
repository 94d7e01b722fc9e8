/**
 * `stats`: one sample of Docker's stats JSON from the container's cgroup
 * files (v1 or v2). CPU percentages are computed by the client from two samples
 * (cpu_stats vs precpu_stats), so a stream carries the previous sample's
 * cpu_stats as the next one's precpu_stats.
 */
import { readFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import type { ContainerContext } from './context.js';
import { isRunning, type ContainerRecord } from './container-record.js';
import { parseFlatKeyed, readCgroup } from './cgroup.js';

const ZERO_TIME = '0001-01-01T00:00:00Z';
/** USER_HZ: /proc/stat counts in 1/100 s on Linux. */
const CLOCK_TICKS = 100;

export interface CpuStats {
  cpu_usage: { total_usage: number; percpu_usage?: number[]; usage_in_kernelmode: number; usage_in_usermode: number };
  system_cpu_usage?: number;
  online_cpus?: number;
  throttling_data: { periods: number; throttled_periods: number; throttled_time: number };
}

export type StatsJson = Record<string, unknown> & { cpu_stats: CpuStats; read: string };

const emptyCpu = (): CpuStats => ({
  cpu_usage: { total_usage: 0, usage_in_kernelmode: 0, usage_in_usermode: 0 },
  throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 },
});

export async function sampleStats(d: ContainerContext, c: ContainerRecord, previous?: StatsJson): Promise<StatsJson> {
  const base = {
    name: `/${c.name}`,
    id: c.id,
    preread: previous?.read ?? ZERO_TIME,
    precpu_stats: previous?.cpu_stats ?? emptyCpu(),
    num_procs: 0,
    storage_stats: {},
  };
  if (!isRunning(c)) {
    return {
      ...base, read: ZERO_TIME, pids_stats: {}, blkio_stats: emptyBlkio(), cpu_stats: emptyCpu(), memory_stats: {},
    };
  }
  const read = (controller: string, file: string) => readCgroup(d, c, controller, file);
  const [sample, system, networks] = await Promise.all([
    d.host.cgroupV2 ? sampleV2(read) : sampleV1(read), systemCpuUsage(), networkStats(c.state.pid),
  ]);
  return {
    ...base,
    read: new Date().toISOString(),
    pids_stats: sample.pids,
    blkio_stats: { ...emptyBlkio(), io_service_bytes_recursive: sample.blkio },
    cpu_stats: { ...sample.cpu, system_cpu_usage: system, online_cpus: cpus().length },
    memory_stats: sample.memory,
    networks,
  };
}

/** What one cgroup says, in Docker's shapes. */
export interface CgroupSample {
  cpu: CpuStats;
  memory: Record<string, unknown>;
  pids: { current?: number; limit?: number };
  blkio: BlkioEntry[];
}

type Read = (controller: string, file: string) => Promise<string>;

async function sampleV1(read: Read): Promise<CgroupSample> {
  const [usage, percpu, cpuacctStat, cpuStat, memUsage, memMax, memLimit, memStat, pidsCur, pidsMax, blkio] = await Promise.all([
    read('cpuacct', 'cpuacct.usage'), read('cpuacct', 'cpuacct.usage_percpu'), read('cpuacct', 'cpuacct.stat'),
    read('cpu', 'cpu.stat'), read('memory', 'memory.usage_in_bytes'), read('memory', 'memory.max_usage_in_bytes'),
    read('memory', 'memory.limit_in_bytes'), read('memory', 'memory.stat'), read('pids', 'pids.current'),
    read('pids', 'pids.max'), read('blkio', 'blkio.throttle.io_service_bytes_recursive'),
  ]);
  const ticks = parseFlatKeyed(cpuacctStat);
  const throttle = parseFlatKeyed(cpuStat);
  return {
    cpu: {
      cpu_usage: {
        total_usage: Number(usage.trim()) || 0,
        percpu_usage: percpu.trim().split(/\s+/).filter(Boolean).map(Number),
        // cpuacct.stat counts ticks; Docker reports nanoseconds.
        usage_in_kernelmode: (ticks.system ?? 0) * (1e9 / CLOCK_TICKS),
        usage_in_usermode: (ticks.user ?? 0) * (1e9 / CLOCK_TICKS),
      },
      throttling_data: {
        periods: throttle.nr_periods ?? 0,
        throttled_periods: throttle.nr_throttled ?? 0,
        throttled_time: throttle.throttled_time ?? 0,
      },
    },
    memory: {
      usage: Number(memUsage.trim()) || 0,
      max_usage: Number(memMax.trim()) || 0,
      stats: parseFlatKeyed(memStat),
      limit: memoryLimit(memLimit),
    },
    pids: pidsStats(pidsCur, pidsMax),
    blkio: parseBlkio(blkio),
  };
}

async function sampleV2(read: Read): Promise<CgroupSample> {
  const file = (name: string) => read('', name);
  const [cpuStat, memCurrent, memMax, memStat, pidsCurrent, pidsMax, ioStat] = await Promise.all(
    ['cpu.stat', 'memory.current', 'memory.max', 'memory.stat', 'pids.current', 'pids.max', 'io.stat'].map(file),
  );
  return statsFromV2({ cpuStat: cpuStat!, memCurrent: memCurrent!, memMax: memMax!, memStat: memStat!, pidsCurrent: pidsCurrent!, pidsMax: pidsMax!, ioStat: ioStat! });
}

/** cgroup v2 files → Docker's stats, as Docker shapes them on v2 (no per-CPU usage, no max_usage). */
export function statsFromV2(f: { cpuStat: string; memCurrent: string; memMax: string; memStat: string; pidsCurrent: string; pidsMax: string; ioStat: string }): CgroupSample {
  const cpu = parseFlatKeyed(f.cpuStat);
  return {
    cpu: {
      // cpu.stat counts microseconds; Docker reports nanoseconds.
      cpu_usage: {
        total_usage: (cpu.usage_usec ?? 0) * 1000,
        usage_in_kernelmode: (cpu.system_usec ?? 0) * 1000,
        usage_in_usermode: (cpu.user_usec ?? 0) * 1000,
      },
      throttling_data: {
        periods: cpu.nr_periods ?? 0,
        throttled_periods: cpu.nr_throttled ?? 0,
        throttled_time: (cpu.throttled_usec ?? 0) * 1000,
      },
    },
    memory: { usage: Number(f.memCurrent.trim()) || 0, stats: parseFlatKeyed(f.memStat), limit: memoryLimit(f.memMax) },
    pids: pidsStats(f.pidsCurrent, f.pidsMax),
    blkio: parseIoStat(f.ioStat),
  };
}

/** An unlimited cgroup says `max` (v2) or 2^63-4096 (v1): the host's memory then, as Docker. */
function memoryLimit(text: string): number {
  const limit = Number(text.trim()) || 0;
  return limit > 0 && limit < totalmem() ? limit : totalmem();
}

function pidsStats(current: string, max: string): { current?: number; limit?: number } {
  const limit = /^\d+$/.test(max.trim()) ? Number(max.trim()) : 0;
  return { current: Number(current.trim()) || 0, ...(limit ? { limit } : {}) };
}

interface BlkioEntry { major: number; minor: number; op: string; value: number }

/** io.stat (`8:0 rbytes=4096 wbytes=512 rios=1 ...`) → read/write byte entries, as Docker on v2. */
export function parseIoStat(text: string): BlkioEntry[] {
  const out: BlkioEntry[] = [];
  for (const line of text.split('\n')) {
    const [dev, ...pairs] = line.trim().split(/\s+/);
    if (!dev?.includes(':')) continue;
    const [major, minor] = dev.split(':').map(Number);
    const fields = Object.fromEntries(pairs.map((p) => p.split('=')));
    for (const [key, op] of [['rbytes', 'read'], ['wbytes', 'write']] as const) {
      if (fields[key] !== undefined) out.push({ major: major!, minor: minor!, op, value: Number(fields[key]) });
    }
  }
  return out;
}

function emptyBlkio() {
  return {
    io_service_bytes_recursive: null, io_serviced_recursive: null, io_queue_recursive: null, io_service_time_recursive: null,
    io_wait_time_recursive: null, io_merged_recursive: null, io_time_recursive: null, sectors_recursive: null,
  };
}

/** `8:0 Read 4096` lines → Docker's entries (the Total line is dropped). */
export function parseBlkio(text: string): BlkioEntry[] {
  const out = [];
  for (const line of text.split('\n')) {
    const [dev, op, value] = line.trim().split(/\s+/);
    if (!dev || !op || value === undefined || !dev.includes(':')) continue;
    const [major, minor] = dev.split(':').map(Number);
    out.push({ major: major!, minor: minor!, op: op.toLowerCase(), value: Number(value) });
  }
  return out;
}

/** The host's total CPU time in nanoseconds (the first `cpu` line of /proc/stat). */
export async function systemCpuUsage(): Promise<number> {
  const text = await readFile('/proc/stat', 'utf8');
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return 0;
  const fields = line.trim().split(/\s+/).slice(1, 8).map(Number);
  return (fields.reduce((a, b) => a + b, 0) * 1e9) / CLOCK_TICKS;
}

/** Interface counters seen from inside the container's network namespace (lo excluded). */
async function networkStats(pid: number): Promise<Record<string, Record<string, number>> | undefined> {
  if (!pid) return undefined;
  const text = await readFile(`/proc/${pid}/net/dev`, 'utf8').catch(() => '');
  const out: Record<string, Record<string, number>> = {};
  for (const line of text.split('\n').slice(2)) {
    const [name, rest] = line.split(':');
    if (!name || rest === undefined || name.trim() === 'lo') continue;
    const f = rest.trim().split(/\s+/).map(Number);
    out[name.trim()] = {
      rx_bytes: f[0]!, rx_packets: f[1]!, rx_errors: f[2]!, rx_dropped: f[3]!,
      tx_bytes: f[8]!, tx_packets: f[9]!, tx_errors: f[10]!, tx_dropped: f[11]!,
    };
  }
  return Object.keys(out).length ? out : undefined;
}
