/**
 * A namespace's quota as the engine's verbs check it. Memory, CPU and pids
 * are bounded by the kernel for the namespace as a whole (its cgroup
 * parent, cgroup-parent.ts); here a single container asking for more than
 * the whole is refused up front. Disk and object counts are counted: an
 * operation that would add to a full namespace fails with "quota exceeded"
 * before it writes anything, so a full namespace is never left half-made.
 */
import { Transform, type Readable } from 'node:stream';
import { QuaiError, bytesSize } from '@quai/common';
import type { Resources } from '../containers/container-spec.js';
import type { Quota } from './namespace-record.js';

const FULL_MARGIN = 1024 * 1024;

export type CountedKind = 'containers' | 'images' | 'volumes' | 'networks';

export class QuotaGuard {
  constructor(
    readonly namespace: string,
    readonly quota: Quota,
    /** Bytes the namespace holds on disk now (namespace-usage.ts). */
    private readonly diskUsage: () => Promise<number>,
  ) {}

  get bounded(): boolean { return Object.values(this.quota).some((v) => v !== undefined); }

  private exceeded(what: string): never {
    throw new QuaiError('forbidden', `quota exceeded: namespace "${this.namespace}" ${what}`);
  }

  /** A container's own limits must fit in the namespace's. */
  checkResources(r: Resources): void {
    const q = this.quota;
    if (q.memory !== undefined && r.memory > q.memory) {
      this.exceeded(`has ${bytesSize(q.memory)} of memory: --memory ${bytesSize(r.memory)} is more than that`);
    }
    const cpus = r.nanoCpus || (r.cpuQuota > 0 ? (r.cpuQuota / (r.cpuPeriod || 100_000)) * 1e9 : 0);
    if (q.nanoCpus !== undefined && cpus > q.nanoCpus) this.exceeded(`has ${q.nanoCpus / 1e9} CPUs: --cpus ${cpus / 1e9} is more than that`);
    if (q.pids !== undefined && r.pidsLimit > q.pids) this.exceeded(`has ${q.pids} pids: --pids-limit ${r.pidsLimit} is more than that`);
  }

  /** Before one more object of `kind` is made, given how many there are. */
  checkCount(kind: CountedKind, current: number): void {
    const max = this.quota[kind];
    if (max !== undefined && current >= max) this.exceeded(`may hold ${max} ${max === 1 ? kind.replace(/s$/, '') : kind}`);
  }

  /** Before writing `adding` more bytes (0: refuse only when already full). */
  async checkDisk(adding = 0): Promise<void> {
    const max = this.quota.disk;
    if (max === undefined) return;
    const used = await this.diskUsage();
    // A disk with less than this left is full: no file system gives its last block.
    const margin = Math.min(FULL_MARGIN, max / 20);
    if (used + adding > max || max - used < margin) {
      this.exceeded(`uses ${bytesSize(used)} of its ${bytesSize(max)} disk${adding ? ` and this needs ${bytesSize(adding)} more` : ''}`);
    }
  }

  /** Bytes the namespace may still write (Infinity without a disk quota). */
  async room(): Promise<number> {
    if (this.quota.disk === undefined) return Infinity;
    return Math.max(0, this.quota.disk - (await this.diskUsage()));
  }

  /**
   * An upload (an archive to load or import, a build context) cut off with
   * "quota exceeded" once it passes what the namespace may still write, so
   * a client cannot fill the host's disk before the quota is checked.
   */
  async limit(input: Readable, what: string): Promise<Readable> {
    const room = await this.room();
    if (room === Infinity) return input;
    let seen = 0;
    const limit = new Transform({
      transform: (chunk: Buffer, _enc, done) => {
        seen += chunk.length;
        if (seen > room) done(new QuaiError('forbidden', `quota exceeded: namespace "${this.namespace}" has ${bytesSize(room)} of disk left, and this ${what} is larger`));
        else done(null, chunk);
      },
    });
    input.once('error', (err) => limit.destroy(err));
    return input.pipe(limit);
  }
}

export const UNBOUNDED = (namespace: string) => new QuotaGuard(namespace, {}, async () => 0);
