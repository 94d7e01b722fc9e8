/**
 * Paths inside a root, resolved by the kernel. Every path that comes from a
 * client, a build context, an image or a container is opened relative to its
 * root directory, held open, with openat2(2) and RESOLVE_IN_ROOT: `..` stops
 * at the root, an absolute symlink starts from it, magic links
 * (/proc/self/root) are refused, and each walk is one atomic kernel lookup.
 * A container that swaps a directory for a symlink between two of our calls
 * can send us elsewhere inside its own root, never onto the host. Nothing
 * here joins a path string and checks it afterwards.
 *
 * Vocabulary:
 *   root     a directory held open (`InRoot`); the `/` of every path given to it
 *   path     a path as seen from inside the root: `/etc/passwd`, `etc/passwd`
 *            and `/x/../etc/passwd` are the same path (cleaned lexically first,
 *            as Docker does; `..` never climbs above the root)
 *   follow   whether a symlink as the last component is followed (inside the
 *            root); symlinks before it always are
 *   entry    the last component of a path, reached through its parent
 *            directory opened in the root: what create, remove, chown, lstat act
 *            on, never following it
 *
 *   const root = openRoot(rootfsDir);
 *   try {
 *     await root.mkdirAll('/app/data', 0o755);
 *     const passwd = await root.readFile('/etc/passwd'); // the image's, even through a symlink to /etc
 *   } finally {
 *     root.close();
 *   }
 *
 * Node's fs then acts on `/proc/self/fd/<parent fd>/<entry>`: the kernel
 * jumps straight to the directory the fd holds and looks up one name in it.
 */
import { chmod, closeSync, constants as fsConstants, fstat as fstatCb, type Stats } from 'node:fs';
import { lchown, link, lstat, lutimes, mkdir, open, readdir, readlink, rmdir, symlink, unlink, type FileHandle } from 'node:fs/promises';
import { constants as osConstants } from 'node:os';
import { posix } from 'node:path';
import { promisify } from 'node:util';
import { syscalls } from './syscalls.js';

const fstat = promisify(fstatCb);
const chmodPath = promisify(chmod);

const AT_FDCWD = -100;
const O_PATH = 0o10000000;
const { O_DIRECTORY, O_NOFOLLOW, O_RDONLY } = fsConstants;
const RESOLVE_NO_MAGICLINKS = 0x02;
const RESOLVE_NO_SYMLINKS = 0x04;
const RESOLVE_BENEATH = 0x08;
const RESOLVE_IN_ROOT = 0x10;

/** An fs-style error (`code` = 'ENOENT' ...) for a failed native call. */
function fsError(err: unknown, path: string): Error {
  const e = err as Error & { errno?: number; code?: string; path?: string };
  const errno = e.errno ?? 0;
  e.code = Object.entries(osConstants.errno).find(([, n]) => n === errno)?.[0] ?? 'EIO';
  e.path = path;
  return e;
}

function native(): NonNullable<typeof syscalls> {
  if (!syscalls?.openat2) {
    throw new Error('in-root paths need the native binding (openat2): run scripts/setup.sh to build packages/engine/native');
  }
  return syscalls;
}

/** `path` cleaned lexically, relative to the root: '' is the root itself. */
export function cleanPath(path: string): string {
  return posix.normalize(`/${path}`).replace(/^\/+/, '').replace(/\/+$/, '');
}

export interface InRootOptions {
  /**
   * Symlinks before the last component: followed inside the root (the
   * default, as a chroot would), or refused with ELOOP (image layers, where
   * an entry below a symlink is malformed).
   */
  symlinks?: 'in-root' | 'refuse';
}

export interface InRoot {
  /** The host directory this root was opened from (for messages and mounts). */
  readonly hostDir: string;
  close(): void;

  stat(path: string, follow?: boolean): Promise<Stats>;
  /** undefined when nothing is there (or a parent is missing). */
  statIfExists(path: string, follow?: boolean): Promise<Stats | undefined>;
  readlink(path: string): Promise<string>;
  readdir(path: string): Promise<string[]>;
  /**
   * The path after every symlink was followed, as seen inside the root
   * (`/usr/bin`); a dangling last link gives where it would lead.
   */
  realPath(path: string): Promise<string>;

  /** A regular file opened for reading; anything else (fifo, device) is refused. */
  openRead(path: string, follow?: boolean): Promise<FileHandle>;
  readFile(path: string): Promise<Buffer>;
  /** A new regular file, opened for writing (fails if the entry exists). */
  create(path: string, mode: number): Promise<FileHandle>;

  mkdir(path: string, mode: number): Promise<void>;
  /**
   * `mkdir -p` inside the root; new directories get exactly `mode`. A
   * dangling link on the way is made to lead somewhere (what it names,
   * inside the root). Throws ENOTDIR over a non-directory.
   */
  mkdirAll(path: string, mode: number): Promise<void>;
  symlink(target: string, path: string): Promise<void>;
  /** A hard link at `path` to the entry `existing` (never followed). */
  link(existing: string, path: string): Promise<void>;
  mknod(path: string, mode: number, major: number, minor: number): Promise<void>;
  /** Removes the entry, a directory with everything below it; never follows a symlink. No-op when absent. */
  remove(path: string): Promise<void>;

  lchown(path: string, uid: number, gid: number): Promise<void>;
  /** chmod of the entry; a symlink is left alone (Linux symlinks have no mode). */
  chmod(path: string, mode: number): Promise<void>;
  lutimes(path: string, atime: Date, mtime: Date): Promise<void>;
  lsetxattr(path: string, name: string, value: Buffer): Promise<void>;

  /**
   * Runs `fn` with a host path that names exactly what `path` resolves to
   * (`/proc/self/fd/N`), for calls that need a path (mount(2)). The fd stays
   * open until `fn` settles.
   */
  withHostPath<T>(path: string, follow: boolean, fn: (hostPath: string) => Promise<T>): Promise<T>;
}

/** Opens `hostDir` (a trusted host path, followed as given) as a root. */
export function openRoot(hostDir: string, opts: InRootOptions = {}): InRoot {
  let fd: number;
  try {
    fd = native().openat2(AT_FDCWD, hostDir, O_PATH | O_DIRECTORY, 0, 0);
  } catch (err) {
    throw fsError(err, hostDir);
  }
  return new Root(hostDir, fd, opts.symlinks === 'refuse' ? RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH : RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
}

/** Runs `fn` on `hostDir` opened as a root, closing it afterwards. */
export async function withRoot<T>(hostDir: string, fn: (root: InRoot) => Promise<T>, opts: InRootOptions = {}): Promise<T> {
  const root = openRoot(hostDir, opts);
  try {
    return await fn(root);
  } finally {
    root.close();
  }
}

const fdPath = (fd: number) => `/proc/self/fd/${fd}`;

class Root implements InRoot {
  private closed = false;

  constructor(readonly hostDir: string, private readonly fd: number, private readonly resolve: number) {}

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  /** An O_PATH fd of `path` (cleaned, relative); the caller closes it. */
  private openFd(rel: string, flags: number, resolve = this.resolve): number {
    if (this.closed) throw new Error(`root ${this.hostDir} is closed`);
    try {
      return native().openat2(this.fd, rel || '.', flags, 0, resolve);
    } catch (err) {
      throw fsError(err, `${this.hostDir}/${rel}`);
    }
  }

  private async withFd<T>(path: string, flags: number, fn: (fd: number) => Promise<T>): Promise<T> {
    const fd = this.openFd(cleanPath(path), O_PATH | flags);
    try {
      return await fn(fd);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Runs `fn` on the host path of the entry: its parent opened in the root
   * (symlinks followed) plus its own name. The root itself is `<fd>/.`.
   */
  private async withEntry<T>(path: string, fn: (entryPath: string, name: string, parentFd: number) => Promise<T>): Promise<T> {
    const rel = cleanPath(path);
    if (!rel) return fn(`${fdPath(this.fd)}/.`, '.', this.fd);
    const name = posix.basename(rel);
    const parent = posix.dirname(rel);
    const parentFd = this.openFd(parent === '.' ? '' : parent, O_PATH | O_DIRECTORY);
    try {
      return await fn(`${fdPath(parentFd)}/${name}`, name, parentFd);
    } finally {
      closeSync(parentFd);
    }
  }

  stat(path: string, follow = false): Promise<Stats> {
    return this.withFd(path, follow ? 0 : O_NOFOLLOW, (fd) => fstat(fd));
  }

  async statIfExists(path: string, follow = false): Promise<Stats | undefined> {
    try {
      return await this.stat(path, follow);
    } catch (err) {
      if (['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '')) return undefined;
      throw err;
    }
  }

  readlink(path: string): Promise<string> {
    return this.withEntry(path, (p) => readlink(p));
  }

  readdir(path: string): Promise<string[]> {
    return this.withFd(path, O_DIRECTORY, (fd) => readdir(fdPath(fd)));
  }

  async realPath(path: string): Promise<string> {
    const rel = cleanPath(path);
    try {
      const rootReal = await readlink(fdPath(this.fd));
      const real = await this.withFd(rel, 0, (fd) => readlink(fdPath(fd)));
      const inside = posix.relative(rootReal, real);
      return inside.startsWith('..') ? '/' : `/${inside}`;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !rel) throw err;
    }
    // Dangling: where the link would lead, from its parent's real path.
    const parent = await this.realPath(posix.dirname(rel));
    const last = await this.stat(rel).catch(() => undefined);
    const target = last?.isSymbolicLink() ? await this.readlink(rel) : posix.basename(rel);
    return posix.join('/', target.startsWith('/') ? '' : parent, target);
  }

  openRead(path: string, follow = true): Promise<FileHandle> {
    return this.withFd(path, follow ? 0 : O_NOFOLLOW, async (fd) => {
      // Checked on the O_PATH fd, then reopened through it: the same inode,
      // and opening a fifo or a device never happens.
      const st = await fstat(fd);
      if (!st.isFile()) throw Object.assign(new Error(`not a regular file: ${path}`), { code: st.isDirectory() ? 'EISDIR' : 'EINVAL' });
      return open(fdPath(fd), O_RDONLY);
    });
  }

  async readFile(path: string): Promise<Buffer> {
    const handle = await this.openRead(path);
    try {
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  }

  create(path: string, mode: number): Promise<FileHandle> {
    // O_EXCL: an existing entry (a symlink too) is an error, never followed.
    return this.withEntry(path, (p) => open(p, 'wx', mode));
  }

  mkdir(path: string, mode: number): Promise<void> {
    return this.withEntry(path, (p) => mkdir(p, mode).then(() => {}));
  }

  async mkdirAll(path: string, mode: number, hops = 0): Promise<void> {
    const rel = cleanPath(path);
    const isDir = async () => {
      try {
        closeSync(this.openFd(rel, O_PATH | O_DIRECTORY));
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw err;
      }
    };
    if (await isDir()) return;
    const parent = posix.dirname(rel);
    if (parent !== '.') await this.mkdirAll(parent, mode, hops);
    const made = await this.mkdir(rel, mode).then(() => true, (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
      return false;
    });
    if (made) await this.chmod(rel, mode); // exactly `mode`, whatever the umask
    // A dangling link in the way: make what it leads to, inside the root (as Docker's MkdirAll of a scoped path).
    else if ((await this.stat(rel)).isSymbolicLink() && hops < 40) await this.mkdirAll(await this.realPath(rel), mode, hops + 1);
    if (!(await isDir())) throw Object.assign(new Error(`not a directory: /${rel}`), { code: 'ENOTDIR', path: `/${rel}` });
  }

  symlink(target: string, path: string): Promise<void> {
    return this.withEntry(path, (p) => symlink(target, p));
  }

  link(existing: string, path: string): Promise<void> {
    return this.withEntry(existing, (from) => this.withEntry(path, (to) => link(from, to)));
  }

  mknod(path: string, mode: number, major: number, minor: number): Promise<void> {
    return this.withEntry(path, async (p, name, parentFd) => {
      try {
        native().mknodat(parentFd, name, mode, major, minor);
      } catch (err) {
        throw fsError(err, p);
      }
    });
  }

  async remove(path: string): Promise<void> {
    if (!cleanPath(path)) throw Object.assign(new Error('cannot remove the root'), { code: 'EBUSY' });
    await this.withEntry(path, (_p, name, parentFd) => removeEntry(parentFd, name)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err; // no parent, nothing to remove
    });
  }

  lchown(path: string, uid: number, gid: number): Promise<void> {
    return this.withEntry(path, (p) => lchown(p, uid, gid));
  }

  chmod(path: string, mode: number): Promise<void> {
    return this.withFd(path, O_NOFOLLOW, async (fd) => {
      if ((await fstat(fd)).isSymbolicLink()) return;
      await chmodPath(fdPath(fd), mode);
    });
  }

  lutimes(path: string, atime: Date, mtime: Date): Promise<void> {
    return this.withEntry(path, (p) => lutimes(p, atime, mtime));
  }

  lsetxattr(path: string, name: string, value: Buffer): Promise<void> {
    return this.withEntry(path, async (p) => {
      try {
        native().lsetxattr(p, name, value);
      } catch (err) {
        throw fsError(err, p);
      }
    });
  }

  withHostPath<T>(path: string, follow: boolean, fn: (hostPath: string) => Promise<T>): Promise<T> {
    return this.withFd(path, follow ? 0 : O_NOFOLLOW, (fd) => fn(fdPath(fd)));
  }
}

/** Removes `name` in the directory `dirFd`, depth first, each step relative to an fd. */
async function removeEntry(dirFd: number, name: string): Promise<void> {
  const entryPath = `${fdPath(dirFd)}/${name}`;
  const st = await lstat(entryPath).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (!st) return;
  if (!st.isDirectory()) {
    await unlink(entryPath).catch((err: NodeJS.ErrnoException) => { if (err.code !== 'ENOENT') throw err; });
    return;
  }
  let fd: number;
  try {
    fd = native().openat2(dirFd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW, 0, RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS);
  } catch (err) {
    throw fsError(err, entryPath);
  }
  try {
    for (const child of await readdir(fdPath(fd))) await removeEntry(fd, child);
  } finally {
    closeSync(fd);
  }
  await rmdir(entryPath);
}
