import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

// mountinfo escapes space, tab, newline and backslash as octal (\040 ...).
function unescapeMountPath(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Mount points at or below `dir`, deepest first. */
export function mountsUnder(dir: string): string[] {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  const points = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => unescapeMountPath(line.split(' ')[4]))
    .filter((p) => p === dir || p.startsWith(prefix));
  const unique = [...new Set(points)];
  return unique.sort((a, b) => b.split('/').length - a.split('/').length || b.length - a.length);
}

/** Lazily unmounts everything below `dir` (repeats for stacked mounts). */
export function unmountUnder(dir: string): void {
  for (let round = 0; round < 5; round++) {
    const points = mountsUnder(dir);
    if (points.length === 0) return;
    for (const point of points) spawnSync('umount', ['-l', point], { stdio: 'ignore' });
  }
}
