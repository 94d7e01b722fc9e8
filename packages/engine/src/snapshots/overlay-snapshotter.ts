/**
 * Snapshots as overlayfs directories. Layout under <dataRoot>/snapshots:
 *
 *   committed/<chainIdHex>/fs       the unpacked layer (an overlay lower dir)
 *   committed/<chainIdHex>/parent   the parent's chain ID, '' for a base layer
 *   active/<key>/{upper,work}       a container's writable layer
 *   active/<key>/parent             the committed snapshot it sits on
 *   active/<key> → <dir>/<key>      the same, placed on another file system
 *                                   (a namespace's disk, namespaces/disk.ts)
 *   tmp/<random>/                   an unpack in progress, renamed into committed/
 *   empty/                          the lone lower dir of a container on scratch
 *   l/<16 hex>                      short symlinks, used only when a chain's
 *                                   lowerdir= would pass the kernel's one-page
 *                                   limit on mount options
 *
 * A container on image layers L1 (bottom), L2 gets one mount:
 *   overlay  lowerdir=<L2>/fs:<L1>/fs,upperdir=active/<id>/upper,workdir=active/<id>/work
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, readlink, rename, rm, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { ConflictError, FailedPreconditionError, InvalidArgumentError, NotFoundError, digestHex, isDigest } from '@quai/common';
import { activeSnapshotDir, committedSnapshotDir, snapshotTmpDir, snapshotsDir, type EnginePaths } from '../paths.js';
import type { Mount, Snapshotter, Usage } from './snapshotter.js';
import { unpackLayer } from './unpack-layer.js';
import { diskUsage } from './disk-usage.js';
import { makeDirs } from '../host/make-dirs.js';

/** Mount options must fit in one page; leave room for upperdir/workdir and friends. */
const MAX_LOWERDIR = 4096 - 512;

export class OverlaySnapshotter implements Snapshotter {
  private ready?: Promise<void>;

  constructor(private readonly paths: EnginePaths) {}

  /** Clears unpacks a crash interrupted, once, before first use. */
  private init(): Promise<void> {
    this.ready ??= (async () => {
      await rm(snapshotTmpDir(this.paths), { recursive: true, force: true });
      for (const dir of [snapshotTmpDir(this.paths), this.emptyDir(), join(snapshotsDir(this.paths), 'committed'),
        join(snapshotsDir(this.paths), 'active'), this.linkDir()]) {
        await makeDirs(dir);
      }
    })();
    return this.ready;
  }

  private emptyDir(): string { return join(snapshotsDir(this.paths), 'empty'); }
  private linkDir(): string { return join(snapshotsDir(this.paths), 'l'); }
  private fsDir(name: string): string { return join(committedSnapshotDir(this.paths, name), 'fs'); }

  async exists(name: string): Promise<boolean> {
    if (!isDigest(name)) return false;
    return stat(this.fsDir(name)).then((s) => s.isDirectory(), () => false);
  }

  async unpack(name: string, parent: string, layerTar: Readable): Promise<void> {
    if (!isDigest(name)) throw new InvalidArgumentError(`invalid snapshot name: ${name}`);
    await this.init();
    if (await this.exists(name)) {
      layerTar.resume();
      return;
    }
    if (parent && !(await this.exists(parent))) throw new NotFoundError(`parent snapshot ${parent} does not exist`);
    const tmp = join(snapshotTmpDir(this.paths), randomBytes(8).toString('hex'));
    await makeDirs(join(tmp, 'fs'));
    try {
      await unpackLayer(join(tmp, 'fs'), layerTar);
      await writeFile(join(tmp, 'parent'), parent);
      await rename(tmp, committedSnapshotDir(this.paths, name));
    } catch (err) {
      layerTar.destroy();
      await rm(tmp, { recursive: true, force: true });
      // Someone else committed the same layer meanwhile: theirs is as good as ours.
      const code = (err as NodeJS.ErrnoException).code;
      if ((code === 'ENOTEMPTY' || code === 'EEXIST') && (await this.exists(name))) return;
      throw err;
    }
  }

  async prepare(key: string, parent: string, opts: { placeIn?: string } = {}): Promise<Mount[]> {
    checkKey(key);
    await this.init();
    const dir = activeSnapshotDir(this.paths, key);
    if (await lstat(dir).then(() => true, () => false)) throw new ConflictError(`snapshot ${key} already exists`);
    if (parent && !(await this.exists(parent))) throw new NotFoundError(`parent snapshot ${parent} does not exist`);
    // Made under a temporary name on the file system it lives on, then renamed: never half there.
    const home = opts.placeIn ?? snapshotTmpDir(this.paths);
    const tmp = join(home, `.tmp-${randomBytes(8).toString('hex')}`);
    await makeDirs(join(tmp, 'upper'), 0o755);
    await mkdir(join(tmp, 'work'), { mode: 0o700 });
    await writeFile(join(tmp, 'parent'), parent);
    if (opts.placeIn) {
      const placed = join(opts.placeIn, key);
      await rename(tmp, placed);
      await symlink(placed, dir);
    } else {
      await rename(tmp, dir);
    }
    return this.mounts(key, parent);
  }

  async mounts(key: string, parent: string): Promise<Mount[]> {
    checkKey(key);
    await this.init();
    const dir = activeSnapshotDir(this.paths, key);
    const lowerdir = await this.lowerdir(parent);
    return [{
      type: 'overlay',
      source: 'overlay',
      options: [`lowerdir=${lowerdir}`, `upperdir=${join(dir, 'upper')}`, `workdir=${join(dir, 'work')}`],
    }];
  }

  upperDir(key: string): string {
    return join(activeSnapshotDir(this.paths, key), 'upper');
  }

  /** The committed snapshots of a chain, top first (`name`, its parent, ...). */
  async chain(name: string): Promise<string[]> {
    const out: string[] = [];
    for (let cur = name; cur; cur = await this.parentOf(cur)) {
      if (out.includes(cur) || out.length > 1000) throw new FailedPreconditionError(`snapshot chain of ${name} loops`);
      out.push(cur);
    }
    return out;
  }

  /** The fs dir of a committed snapshot (for inspect's GraphDriver data). */
  layerDir(name: string): string {
    return this.fsDir(name);
  }

  private async parentOf(name: string): Promise<string> {
    try {
      return (await readFile(join(committedSnapshotDir(this.paths, name), 'parent'), 'utf8')).trim();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(`snapshot ${name} does not exist`);
      throw err;
    }
  }

  private async lowerdir(parent: string): Promise<string> {
    if (!parent) return this.emptyDir();
    const names = await this.chain(parent);
    const full = names.map((n) => this.fsDir(n)).join(':');
    if (full.length <= MAX_LOWERDIR) return full;
    const short: string[] = [];
    for (const n of names) {
      const link = join(this.linkDir(), digestHex(n).slice(0, 16));
      await symlink(this.fsDir(n), link).catch((err: NodeJS.ErrnoException) => { if (err.code !== 'EEXIST') throw err; });
      short.push(link);
    }
    const joined = short.join(':');
    if (joined.length > MAX_LOWERDIR) throw new InvalidArgumentError(`too many layers (${names.length}) for one overlay mount`);
    return joined;
  }

  async remove(keyOrName: string): Promise<void> {
    await this.init();
    if (!isDigest(keyOrName)) {
      checkKey(keyOrName);
      const dir = activeSnapshotDir(this.paths, keyOrName);
      if ((await lstat(dir).catch(() => undefined))?.isSymbolicLink()) {
        // Placed on another file system: the name goes first, then what it named.
        const placed = await readlink(dir);
        await unlink(dir);
        await rm(placed, { recursive: true, force: true });
        return;
      }
      await this.discard(dir);
      return;
    }
    const dir = committedSnapshotDir(this.paths, keyOrName);
    if (!(await stat(dir).then(() => true, () => false))) return;
    const child = await this.childOf(keyOrName);
    if (child) throw new FailedPreconditionError(`snapshot ${keyOrName} is the parent of ${child}`);
    await rm(join(this.linkDir(), digestHex(keyOrName).slice(0, 16)), { force: true });
    await this.discard(dir);
  }

  /** Rename first, so a crash mid-delete leaves nothing half-removed under a live name. */
  private async discard(dir: string): Promise<void> {
    const tmp = join(snapshotTmpDir(this.paths), `rm-${randomBytes(8).toString('hex')}`);
    try {
      await rename(dir, tmp);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    await rm(tmp, { recursive: true, force: true });
  }

  /** A committed or active snapshot sitting on `name`, if any. */
  private async childOf(name: string): Promise<string | undefined> {
    for (const kind of ['committed', 'active']) {
      const base = join(snapshotsDir(this.paths), kind);
      for (const entry of await readdir(base).catch(() => [] as string[])) {
        const parent = await readFile(join(base, entry, 'parent'), 'utf8').catch(() => '');
        if (parent.trim() === name) return kind === 'committed' ? `sha256:${entry}` : entry;
      }
    }
    return undefined;
  }

  async usage(keyOrName: string): Promise<Usage> {
    if (isDigest(keyOrName)) {
      if (!(await this.exists(keyOrName))) throw new NotFoundError(`snapshot ${keyOrName} does not exist`);
      return diskUsage(this.fsDir(keyOrName));
    }
    checkKey(keyOrName);
    return diskUsage(this.upperDir(keyOrName));
  }
}

function checkKey(key: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(key)) throw new InvalidArgumentError(`invalid snapshot key: ${key}`);
}
