/** The API versions this daemon speaks, and its own version. */
export const API_VERSION = '1.47';
export const MIN_API_VERSION = '1.12';
export const QUAI_VERSION = '0.1.0';

/** Compare dotted versions numerically: -1, 0, 1. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** Headers dockerd sets on every response; clients read Api-Version to negotiate. */
export const RESPONSE_HEADERS: Record<string, string> = {
  'Api-Version': API_VERSION,
  'Docker-Experimental': 'false',
  'Ostype': 'linux',
  'Server': `quai/${QUAI_VERSION} (linux)`,
};
