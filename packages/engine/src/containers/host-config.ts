/**
 * The host config as it takes effect: what the client sent, with the
 * values the engine applies where a field was left unset. Docker writes
 * these into the record at create; inspect shows them either way.
 */
import type { HostConfig } from '@quai/common';
import { DEFAULT_SHM_SIZE, MASKED_PATHS, READONLY_PATHS } from '../runtime/oci-spec.js';
import type { ContainerRecord } from './container-record.js';

export function effectiveHostConfig(c: ContainerRecord): HostConfig {
  const hc = c.hostConfig;
  const privileged = !!hc.Privileged;
  return {
    ...hc,
    ShmSize: hc.ShmSize || DEFAULT_SHM_SIZE,
    IpcMode: hc.IpcMode || 'private',
    // No cgroup namespace is made (the spec shares the host's), as Docker's default on cgroup v1.
    CgroupnsMode: hc.CgroupnsMode || 'host',
    Runtime: c.runtime,
    // As Docker: unset ⇒ the defaults, except for privileged containers, which get none.
    MaskedPaths: hc.MaskedPaths ?? (privileged ? null : MASKED_PATHS),
    ReadonlyPaths: hc.ReadonlyPaths ?? (privileged ? null : READONLY_PATHS),
    // -1 and 0 mean "unset" to Docker, which then shows null.
    MemorySwappiness: hc.MemorySwappiness === -1 ? null : hc.MemorySwappiness ?? null,
    PidsLimit: hc.PidsLimit && hc.PidsLimit > 0 ? hc.PidsLimit : null,
  };
}
