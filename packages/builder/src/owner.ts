/** `--chown=user[:group]`: numbers as they are, names from the image's /etc/passwd and /etc/group (read inside it). */
import { groupsOf, passwdOf, type InRoot } from '@quai/engine';

export async function resolveOwner(rootfs: InRoot, spec: string): Promise<{ uid: number; gid: number }> {
  const [user = '', group] = spec.split(':');
  let uid: number;
  let gid: number | undefined;
  if (/^\d+$/.test(user)) uid = Number(user);
  else {
    const u = (await passwdOf(rootfs)).find((p) => p.name === user);
    if (!u) throw new Error(`unable to convert uid/gid chown string to host mapping: can't find uid for user ${user}: no such user: ${user}`);
    uid = u.uid;
    gid = u.gid;
  }
  if (group !== undefined) {
    if (/^\d+$/.test(group)) gid = Number(group);
    else {
      const g = (await groupsOf(rootfs)).find((x) => x.name === group);
      if (!g) throw new Error(`unable to convert uid/gid chown string to host mapping: can't find gid for group ${group}: no such group: ${group}`);
      gid = g.gid;
    }
  }
  return { uid, gid: gid ?? uid };
}
