/**
 * Copying a tree from one root to another (host/in-root.ts), every path on
 * both sides opened inside its root: COPY from a build context or a stage
 * into an image, and an image's files into a new volume (as `cp -a`).
 *
 *   copyTree(context, '/src', layer, '/app', { owner: { uid: 0, gid: 0 } })
 *     /src a directory: its contents merged into /app (created if missing)
 *     /src a file or a symlink: /app replaced by a copy of it
 *
 * Symlinks are copied as symlinks (their targets mean something only inside
 * the destination root); a second name of an inode becomes a hard link when
 * `hardLinks` is set; devices and fifos are copied only with `devices`.
 */
import type { Stats } from 'node:fs';
import { posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { InRoot } from '../host/in-root.js';

export interface CopyTreeOptions {
  /** Owner of every copy; default: the source's. */
  owner?: { uid: number; gid: number };
  /** Mode of every copied file and directory (COPY --chmod); default: the source's. */
  mode?: number;
  /** Copy device nodes and fifos (a volume's copy-up); else they are skipped. */
  devices?: boolean;
  /** Keep hard links between copied files (a volume's copy-up). */
  hardLinks?: boolean;
}

const S_IFMT = 0o170000;

export async function copyTree(from: InRoot, fromPath: string, to: InRoot, toPath: string, o: CopyTreeOptions = {}): Promise<void> {
  await new TreeCopy(from, to, o).entry(fromPath, toPath);
}

class TreeCopy {
  private readonly inodes = new Map<string, string>();

  constructor(private readonly from: InRoot, private readonly to: InRoot, private readonly o: CopyTreeOptions) {}

  async entry(src: string, dst: string): Promise<void> {
    const st = await this.from.stat(src);
    const existing = await this.to.statIfExists(dst);
    if (existing && !(existing.isDirectory() && st.isDirectory())) await this.to.remove(dst);
    if (st.isDirectory()) {
      if (!existing?.isDirectory()) await this.to.mkdir(dst, 0o700);
      for (const name of (await this.from.readdir(src)).sort()) await this.entry(posix.join(src, name), posix.join(dst, name));
      return this.metadata(dst, st);
    }
    if (st.isSymbolicLink()) {
      await this.to.symlink(await this.from.readlink(src), dst);
      return this.metadata(dst, st);
    }
    const key = `${st.dev}:${st.ino}`;
    const first = this.o.hardLinks && st.nlink > 1 ? this.inodes.get(key) : undefined;
    if (first) return this.to.link(first, dst);
    if (st.isFile()) {
      await this.file(src, dst);
      if (this.o.hardLinks && st.nlink > 1) this.inodes.set(key, dst);
      return this.metadata(dst, st);
    }
    if (!this.o.devices || st.isSocket()) return;
    await this.to.mknod(dst, (st.mode & S_IFMT) | (st.mode & 0o7777), Math.floor(st.rdev / 256) & 0xfff, (st.rdev & 0xff) | ((st.rdev >> 12) & 0xfff00));
    return this.metadata(dst, st);
  }

  private async file(src: string, dst: string): Promise<void> {
    const input = await this.from.openRead(src, false);
    try {
      const output = await this.to.create(dst, 0o600);
      try {
        await pipeline(input.createReadStream(), output.createWriteStream());
      } finally {
        await output.close();
      }
    } finally {
      await input.close();
    }
  }

  /** Owner, then mode (chown clears setuid/setgid), then times. */
  private async metadata(dst: string, st: Stats): Promise<void> {
    await this.to.lchown(dst, this.o.owner?.uid ?? st.uid, this.o.owner?.gid ?? st.gid);
    if (!st.isSymbolicLink()) await this.to.chmod(dst, this.o.mode ?? st.mode & 0o7777);
    await this.to.lutimes(dst, st.atime, st.mtime);
  }
}
