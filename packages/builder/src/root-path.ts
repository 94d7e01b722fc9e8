/**
 * Paths inside a container root, resolved as the container would see them:
 * symlinks on the way are followed, but `/` and `..` stop at the root, so a
 * COPY never writes outside it (the host's /etc is not the image's).
 */
import { lstat, readlink } from 'node:fs/promises';
import { join, posix } from 'node:path';

/** The host path of `path` in `root`, symlinks resolved (the last one too, unless `followLast` is false). */
export async function resolveInRoot(root: string, path: string, followLast = true): Promise<string> {
  const todo = posix.normalize('/' + path).split('/').filter(Boolean);
  const done: string[] = [];
  let hops = 0;
  while (todo.length) {
    const part = todo.shift()!;
    if (part === '.') continue;
    if (part === '..') { done.pop(); continue; }
    const host = join(root, ...done, part);
    const st = await lstat(host).catch(() => undefined);
    if (st?.isSymbolicLink() && (todo.length || followLast)) {
      if (++hops > 255) throw new Error(`too many levels of symbolic links: ${path}`);
      const target = await readlink(host);
      if (target.startsWith('/')) done.length = 0;
      todo.unshift(...target.split('/').filter(Boolean));
      continue;
    }
    done.push(part);
  }
  return join(root, ...done);
}
