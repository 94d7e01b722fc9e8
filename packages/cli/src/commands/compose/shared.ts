/** Small helpers the compose commands share. */
import type { ContainerSummary } from '@quai/client';

/** --scale web=3 → { web: 3 } */
export function parseScale(list: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of list) {
    const [name, n] = s.split('=');
    if (!name || n === undefined || !/^\d+$/.test(n)) throw new Error(`invalid --scale value "${s}": expected SERVICE=NUM`);
    out[name] = Number(n);
  }
  return out;
}

export const containerNameOf = (c: ContainerSummary) => (c.Names?.[0] ?? c.Id).replace(/^\//, '');
