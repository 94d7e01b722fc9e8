/** `--label a=b --opt type=tmpfs` → { a: 'b', type: 'tmpfs' } (a bare key maps to ''). */
export function keyValues(items: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items ?? []) {
    const eq = item.indexOf('=');
    if (eq < 0) out[item] = '';
    else out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}
