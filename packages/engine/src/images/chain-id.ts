/**
 * Chain IDs (OCI image-spec config.md "Layer ChainID"): the identity of a
 * layer together with every layer below it, which names its snapshot.
 *   ChainID(L1)       = DiffID(L1)
 *   ChainID(L1..Ln)   = sha256(ChainID(L1..Ln-1) + " " + DiffID(Ln))
 */
import { createHash } from 'node:crypto';

/** Chain IDs of each prefix of `diffIds` (bottom first), one per layer. */
export function chainIds(diffIds: string[]): string[] {
  const out: string[] = [];
  for (const diffId of diffIds) {
    const prev = out.at(-1);
    out.push(prev === undefined ? diffId : `sha256:${createHash('sha256').update(`${prev} ${diffId}`).digest('hex')}`);
  }
  return out;
}
