/** `--chown=user[:group]`: numbers as they are, names from the image's /etc/passwd and /etc/group. */
import { readFile } from 'node:fs/promises';
import { resolveInRoot } from './root-path.js';

async function lookup(rootfs: string, file: string, name: string): Promise<{ id: number; gid?: number } | undefined> {
  const text = await readFile(await resolveInRoot(rootfs, file), 'utf8').catch(() => '');
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f.length >= 3) return { id: Number(f[2]), gid: f[3] !== undefined && f[3] !== '' ? Number(f[3]) : undefined };
  }
  return undefined;
}

export async function resolveOwner(rootfs: string, spec: string): Promise<{ uid: number; gid: number }> {
  const [user = '', group] = spec.split(':');
  let uid: number;
  let gid: number | undefined;
  if (/^\d+$/.test(user)) uid = Number(user);
  else {
    const u = await lookup(rootfs, '/etc/passwd', user);
    if (!u) throw new Error(`unable to convert uid/gid chown string to host mapping: can't find uid for user ${user}: no such user: ${user}`);
    uid = u.id;
    gid = u.gid;
  }
  if (group !== undefined) {
    if (/^\d+$/.test(group)) gid = Number(group);
    else {
      const g = await lookup(rootfs, '/etc/group', group);
      if (!g) throw new Error(`unable to convert uid/gid chown string to host mapping: can't find gid for group ${group}: no such group: ${group}`);
      gid = g.id;
    }
  }
  return { uid, gid: gid ?? uid };
}
