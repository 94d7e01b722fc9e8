/**
 * Device nodes of the host, for `--device` and `--privileged`, read as
 * Docker (containerd's oci.DeviceFromPath/HostDevices) reads them: a
 * character or block node gives its type, major, minor, mode and owner; a
 * directory given to `--device` gives every node under it.
 */
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError } from '@quai/common';

/** A node the runtime creates in the container's /dev (OCI `linux.devices`). */
export interface LinuxDevice {
  path: string;
  type: 'c' | 'b';
  major: number;
  minor: number;
  fileMode: number;
  uid: number;
  gid: number;
}

/** /dev entries Docker leaves out of a privileged container: the runtime makes its own. */
const SKIPPED_DIRS = new Set(['pts', 'shm', 'fd', 'mqueue', '.lxc', '.lxd-mounts', '.udev']);

/** The node at `path` (not following a last symlink), or undefined when it is no device. */
export async function deviceAt(path: string): Promise<Omit<LinuxDevice, 'path'> | undefined> {
  const st = await lstat(path, { bigint: true });
  const type = st.isCharacterDevice() ? 'c' : st.isBlockDevice() ? 'b' : undefined;
  if (!type) return undefined;
  return { type, ...splitDeviceNumber(st.rdev), fileMode: Number(st.mode & 0o7777n), uid: Number(st.uid), gid: Number(st.gid) };
}

/** Linux's dev_t encoding (glibc's gnu_dev_major/minor). */
export function splitDeviceNumber(rdev: bigint): { major: number; minor: number } {
  const major = ((rdev >> 8n) & 0xfffn) | ((rdev >> 32n) & 0xfffff000n);
  const minor = (rdev & 0xffn) | ((rdev >> 12n) & 0xffffff00n);
  return { major: Number(major), minor: Number(minor) };
}

/** Every device node under the host's /dev, for `--privileged` (no pts, shm, console...). */
export function hostDevices(dir = '/dev'): Promise<LinuxDevice[]> {
  return walkDevices(dir, (name, isDir) => (isDir ? SKIPPED_DIRS.has(name) : name === 'console'));
}

/**
 * `--device HOST[:CONTAINER]`: the node (a symlink followed), or every
 * node in a directory, placed under CONTAINER. Docker's words when there is none.
 */
export async function devicesFromPath(pathOnHost: string, pathInContainer: string): Promise<LinuxDevice[]> {
  const refuse = (why: string) => new InvalidArgumentError(`error gathering device information while adding custom device "${pathOnHost}": ${why}`);
  const resolved = await realpath(pathOnHost).catch(() => pathOnHost);
  let node: Omit<LinuxDevice, 'path'> | undefined;
  try {
    node = await deviceAt(resolved);
  } catch (err) {
    throw refuse((err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message);
  }
  if (node) return [{ path: pathInContainer, ...node }];
  if ((await stat(resolved)).isDirectory()) {
    const found = (await walkDevices(resolved, () => false)).map((d) => ({ ...d, path: pathInContainer + d.path.slice(resolved.length) }));
    if (found.length) return found;
  }
  throw refuse('not a device node');
}

async function walkDevices(dir: string, skip: (name: string, isDir: boolean) => boolean): Promise<LinuxDevice[]> {
  const out: LinuxDevice[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (skip(entry.name, entry.isDirectory())) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walkDevices(path, skip)));
    else {
      const dev = await deviceAt(path).catch(() => undefined); // gone meanwhile: skip it
      if (dev) out.push({ path, ...dev });
    }
  }
  return out;
}
