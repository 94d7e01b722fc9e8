/**
 * `diff`: what a container changed, read from its overlay upper dir.
 * Everything there is new or modified; overlay marks a deleted file with a
 * 0:0 character device. Kind as Docker's: 0 = C(hanged), 1 = A(dded), 2 = D(eleted).
 */
import { openRoot, type InRoot } from '../host/in-root.js';
import type { ContainerContext } from './context.js';
import type { ContainerRecord } from './container-record.js';

export interface Change { Path: string; Kind: 0 | 1 | 2 }

export async function containerChanges(d: ContainerContext, c: ContainerRecord): Promise<Change[]> {
  const mounts = await d.snapshotter.mounts(c.id, c.snapshotParent);
  const options = mounts[0]?.options ?? [];
  const opt = (k: string) => options.find((o) => o.startsWith(`${k}=`))?.slice(k.length + 1);
  const upper = opt('upperdir');
  if (!upper) return [];
  // Each dir read as a root (host/in-root.ts): a running container's links never lead us onto the host.
  const roots: InRoot[] = [];
  try {
    const upperRoot = openRoot(upper);
    roots.push(upperRoot);
    for (const l of (opt('lowerdir') ?? '').split(':').filter(Boolean)) roots.push(openRoot(l, { symlinks: 'refuse' }));
    const lowers = roots.slice(1);
    const inLower = async (rel: string) => {
      for (const l of lowers) if (await l.statIfExists(rel).catch(() => undefined)) return true;
      return false;
    };
    const out: Change[] = [];
    const walk = async (rel: string) => {
      for (const name of (await upperRoot.readdir(`/${rel}`).catch(() => [] as string[])).sort()) {
        const childRel = rel ? `${rel}/${name}` : name;
        const st = await upperRoot.statIfExists(childRel);
        if (!st) continue; // gone meanwhile
        if (st.isCharacterDevice() && st.rdev === 0) { out.push({ Path: `/${childRel}`, Kind: 2 }); continue; }
        const existed = await inLower(childRel);
        out.push({ Path: `/${childRel}`, Kind: existed ? 0 : 1 });
        // A new directory's contents are all new: Docker lists them too.
        if (st.isDirectory()) await walk(childRel);
      }
    };
    await walk('');
    return hideRuntimeFiles(out);
  } finally {
    for (const r of roots) r.close();
  }
}

/**
 * Docker keeps the files it puts in every container (hosts, hostname,
 * resolv.conf, mount points) in an init layer below the container's, so
 * `diff` never shows them; here they live in the upper dir: drop them, and
 * the directories copied up only for them.
 */
const RUNTIME_FILES = new Set(['/etc/hostname', '/etc/hosts', '/etc/resolv.conf', '/.dockerenv', '/proc', '/sys', '/dev', '/dev/pts', '/dev/shm', '/dev/console', '/dev/mqueue']);

export function hideRuntimeFiles(changes: Change[]): Change[] {
  const kept = changes.filter((ch) => !(RUNTIME_FILES.has(ch.Path) && ch.Kind === 1));
  return kept.filter((ch) => ch.Kind !== 0 || !RUNTIME_PARENTS.has(ch.Path) || kept.some((o) => o.Path.startsWith(`${ch.Path}/`)));
}

const RUNTIME_PARENTS = new Set(['/etc', '/dev']);
