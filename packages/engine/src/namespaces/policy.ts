/**
 * What a namespace's users may ask for. `default` allows everything Docker
 * does. `playground` keeps a container inside what the engine gives it:
 * no host paths, no host namespaces, no devices, no capabilities beyond
 * Docker's default set, no weakened seccomp/AppArmor/no-new-privileges,
 * no privileged exec. The checks run in the engine's verbs (create, exec,
 * volume create), so every way in obeys them: the API, the builder's RUN
 * containers, health checks, `--volumes-from`.
 *
 * Each refusal names the option the user typed:
 *   namespace "alice" (policy playground) does not allow --privileged
 */
import { QuaiError } from '@quai/common';
import { DEFAULT_CAPABILITIES, normalizeCapability } from '../runtime/capabilities.js';
import type { ContainerSpec } from '../containers/container-spec.js';
import type { PolicyName } from './namespace-record.js';

export interface Policy {
  readonly name: PolicyName;
  /** At container create, before anything is made on the host. */
  checkContainer(spec: ContainerSpec): void;
  /** At exec create. */
  checkExec(o: { privileged: boolean }): void;
  /** At volume create (also volumes a container's --mount creates). */
  checkVolume(driverOpts: Record<string, string>): void;
}

export interface PolicyOptions {
  namespace: string;
  /**
   * The namespace's own API socket, the one host path its containers may
   * bind (the playground's shell): the socket file, or its directory
   * read-only (it is on the host's /run: writable, it would hold any amount of data).
   */
  ownSocket?: { file: string; dir: string };
}

export function policyFor(name: PolicyName, o: PolicyOptions): Policy {
  return name === 'playground' ? new PlaygroundPolicy(o) : ALLOW_ALL;
}

const ALLOW_ALL: Policy = {
  name: 'default',
  checkContainer() {},
  checkExec() {},
  checkVolume() {},
};

/** Volume driver options that stay inside the engine: a tmpfs, with its own size/mode. */
const SAFE_TMPFS_OPTIONS = /^(size|mode|uid|gid|nr_inodes|nr_blocks)=[^,]*$/;

class PlaygroundPolicy implements Policy {
  readonly name = 'playground' as const;
  constructor(private readonly o: PolicyOptions) {}

  private refuse(option: string): never {
    throw new QuaiError('forbidden', `namespace "${this.o.namespace}" (policy playground) does not allow ${option}`);
  }

  checkContainer(spec: ContainerSpec): void {
    const hc = spec.hostConfig;
    if (hc.Privileged) this.refuse('--privileged');
    const network = hc.NetworkMode ?? '';
    if (network === 'host') this.refuse('--network host');
    for (const [mode, flag] of [[hc.PidMode, '--pid'], [hc.IpcMode, '--ipc'], [hc.UTSMode, '--uts'], [hc.UsernsMode, '--userns'], [hc.CgroupnsMode, '--cgroupns']] as const) {
      if (mode === 'host') this.refuse(`${flag} host`);
    }
    if (hc.Devices?.length) this.refuse(`--device ${(hc.Devices[0] as { PathOnHost?: string }).PathOnHost ?? ''}`.trim());
    if (hc.DeviceCgroupRules?.length) this.refuse('--device-cgroup-rule');
    if (hc.DeviceRequests?.length) this.refuse('--gpus');
    if (hc.CgroupParent) this.refuse('--cgroup-parent');
    for (const cap of hc.CapAdd ?? []) {
      const c = normalizeCapability(cap);
      if (c === 'ALL' || !DEFAULT_CAPABILITIES.includes(c)) this.refuse(`--cap-add ${cap}`);
    }
    for (const opt of hc.SecurityOpt ?? []) this.checkSecurityOpt(opt);
    // The docker CLI sends empty lists for `--security-opt systempaths=unconfined`.
    if ((hc.MaskedPaths && !hc.MaskedPaths.length) || (hc.ReadonlyPaths && !hc.ReadonlyPaths.length)) this.refuse('--security-opt systempaths=unconfined');
    for (const m of spec.mounts) {
      if (m.type === 'bind') this.checkBind(m.source, m.rw, m.asTyped);
      if (m.type === 'volume' && m.driverOptions) this.checkVolume(m.driverOptions);
    }
  }

  private checkSecurityOpt(opt: string): void {
    const [key = '', value = ''] = opt.split(/[=:](.*)/s);
    switch (key) {
      case 'no-new-privileges':
        if (value === 'false') this.refuse(`--security-opt ${opt}`);
        return;
      case 'seccomp':
      case 'apparmor':
        // A profile of one's own can allow anything: only the engine's default stays.
        if (value !== 'builtin' && value !== 'docker-default' && value !== 'default') this.refuse(`--security-opt ${opt}`);
        return;
      case 'label':
        if (value === 'disable') this.refuse(`--security-opt ${opt}`);
        return;
      case 'systempaths':
        if (value === 'unconfined') this.refuse(`--security-opt ${opt}`);
        return;
      default:
        return;
    }
  }

  private checkBind(source: string, rw: boolean, asTyped: string): void {
    const own = this.o.ownSocket;
    if (own && source === own.file) return;
    if (own && source === own.dir) {
      if (rw) this.refuse(`a writable bind of its socket directory (${asTyped}): add :ro`);
      return;
    }
    this.refuse(`bind mounts of host paths (${asTyped}): use volumes or tmpfs`);
  }

  checkExec(o: { privileged: boolean }): void {
    if (o.privileged) this.refuse('exec --privileged');
  }

  checkVolume(driverOpts: Record<string, string>): void {
    const type = driverOpts.type ?? '';
    const device = driverOpts.device ?? '';
    if (type && type !== 'tmpfs') this.refuse(`volume driver option type=${type} (only type=tmpfs)`);
    if (device && device !== 'tmpfs') this.refuse(`volume driver option device=${device}`);
    for (const o of (driverOpts.o ?? '').split(',').filter(Boolean)) {
      if (!SAFE_TMPFS_OPTIONS.test(o)) this.refuse(`volume driver option o=${o}`);
    }
  }
}
