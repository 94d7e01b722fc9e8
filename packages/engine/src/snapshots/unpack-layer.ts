/**
 * Extracts one uncompressed OCI layer tar into a directory that will serve
 * as an overlayfs lower layer. OCI whiteouts become overlay's own markers
 * (image-spec layer.md "Whiteouts"; kernel Documentation/filesystems/overlayfs):
 *
 *   dir/.wh.name        → dir/name as a character device 0:0
 *   dir/.wh..wh..opq    → xattr trusted.overlay.opaque=y on dir
 *
 * Nothing is written outside `root` (archive/extract-tar.ts, in-root): a
 * name climbing out with `..` is refused, and so is any entry below a
 * symlink, which no layer a real filesystem produced contains. A whiteout
 * names one entry of its own directory: `.wh..` and `.wh...` are refused.
 */
import type { Readable } from 'node:stream';
import { posix } from 'node:path';
import { InvalidArgumentError } from '@quai/common';
import { applyMetadata, extractTar, type TarHeader } from '../archive/extract-tar.js';
import { withRoot, type InRoot } from '../host/in-root.js';

const WH = '.wh.';
const OPAQUE = '.wh..wh..opq';
const S_IFCHR = 0o020000;

export async function unpackLayer(dir: string, layerTar: Readable): Promise<void> {
  await withRoot(dir, (root) => extractTar(root, layerTar, {
    devices: true,
    xattrs: true,
    special: (path, header) => layerSpecial(root, path, header),
  }), { symlinks: 'refuse' });
}

/** Whiteouts, and the layer's own root entry (its metadata goes on the directory itself). */
async function layerSpecial(root: InRoot, path: string, header: TarHeader): Promise<boolean> {
  if (path === '/') {
    await applyMetadata(root, '/', header, 'directory', { xattrs: true });
    return true;
  }
  const name = posix.basename(path);
  if (!name.startsWith(WH)) return false;
  const dir = posix.dirname(path);
  if (name === OPAQUE) {
    await root.mkdirAll(dir, 0o755);
    await root.lsetxattr(dir, 'trusted.overlay.opaque', Buffer.from('y'));
    return true;
  }
  if (name.startsWith(WH + WH)) return true; // other AUFS metadata (.wh..wh.plnk ...) has no overlay meaning
  const hidden = name.slice(WH.length);
  if (hidden === '' || hidden === '.' || hidden === '..') throw new InvalidArgumentError(`invalid whiteout in layer: ${header.name}`);
  await root.mkdirAll(dir, 0o755);
  const target = posix.join(dir, hidden);
  await root.remove(target);
  await root.mknod(target, S_IFCHR, 0, 0);
  return true;
}
