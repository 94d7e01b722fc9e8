/**
 * What the engine needs to create a container, in its own words. The
 * daemon translates Docker's create body into one
 * (daemon/src/translate/container-create.ts: Docker's defaults, quirks and
 * error wording stay there); the builder fills one directly. Everything in
 * a spec is already checked: the engine resolves it against the image,
 * the volumes, the networks and the other containers.
 *
 *   docker run -v data:/d -v /srv:/srv:ro --entrypoint "" --link web:db busybox ls
 *   ⇒ { image: 'busybox', entrypoint: [], cmd: ['ls'],
 *       mounts: [{ type: 'volume', name: 'data', destination: '/d', ... },
 *                { type: 'bind', source: '/srv', destination: '/srv', rw: false, createSource: true, ... }],
 *       links: [{ name: 'web', alias: 'db' }], ... }
 *
 * The container's record keeps Docker's config and host config (what
 * inspect shows back verbatim): `dockerConfig` and `hostConfig` carry them,
 * and the runtime options at start are still read from `hostConfig`.
 */
import type { ContainerConfig, HealthConfig, HostConfig } from '@quai/common';
import type { MountPoint } from '../volumes/volume-record.js';
import type { EndpointRequest } from '../networks/endpoint-config.js';

export interface ContainerSpec {
  /** The image reference as the user gave it. */
  image: string;
  /** `linux/arm64`: the image must be of that platform. */
  platform?: string;
  /**
   * `image`: the image's entrypoint; `none`: no entrypoint, the image's cmd
   * still the default; a list (empty for `--entrypoint ""`): the user's, and
   * the image's cmd no longer applies.
   */
  entrypoint: 'image' | 'none' | string[];
  /** The user's command; undefined (or empty without an entrypoint of the user's): the image's. */
  cmd?: string[];
  /** `KEY=value` entries, each with a key; they override the image's by key. */
  env: string[];
  labels: Record<string, string>;
  /** Unset: the container's short id (and the image's user, working dir, stop signal). */
  hostname?: string;
  domainname: string;
  user?: string;
  workingDir?: string;
  stopSignal?: string;
  attach: { stdin: boolean; stdout: boolean; stderr: boolean };
  tty: boolean;
  openStdin: boolean;
  stdinOnce: boolean;
  /** `80/tcp` keys, added to the image's; undefined when neither has any. */
  exposedPorts?: string[];
  /** Container paths that get an anonymous volume, added to the image's VOLUMEs. */
  volumes?: string[];
  healthcheck?: HealthConfig;
  /** `-v`, `--mount` and `--tmpfs`, in that order; a volume's source is found at create. */
  mounts: MountRequest[];
  /** `--volumes-from`: another container's mount points, read-only or writable when a mode is given. */
  volumesFrom: Array<{ ref: string; mode?: 'ro' | 'rw' }>;
  /** Legacy links on the default bridge (links.ts). */
  links: Array<{ name: string; alias: string }>;
  /** The networks to join, by name or id, with what the container asks of each (none: the network mode's). */
  endpoints: Record<string, EndpointRequest>;
  macAddress?: string;
  /** The limits a namespace's quota checks (0: unset). */
  resources: Resources;
  /** Docker's host config, checked and with Docker's defaults: what inspect shows and start applies. */
  hostConfig: HostConfig;
  /** Docker's config fields as the client sent them: inspect shows back the ones the engine does not set. */
  dockerConfig: ContainerConfig;
}

/** One mount a user asked for, parsed; what it mounts is resolved at create (mount-points.ts). */
export interface MountRequest extends MountPoint {
  /** A missing bind source is made (`-v`) rather than refused (`--mount`). */
  createSource?: boolean;
  /** Options for a volume's driver (`--mount volume-opt=...`). */
  driverOptions?: Record<string, string>;
  /** How the user wrote it (`-v /srv:/srv`), for the messages that refuse it. */
  asTyped: string;
}

export interface Resources {
  memory: number;
  nanoCpus: number;
  cpuQuota: number;
  cpuPeriod: number;
  pidsLimit: number;
}

/** A spec with Docker's defaults wherever the caller sets nothing (the builder's RUN containers). */
export function defaultSpec(image: string, hostConfig: HostConfig = {}): ContainerSpec {
  return {
    image,
    entrypoint: 'image',
    env: [],
    labels: {},
    domainname: '',
    attach: { stdin: false, stdout: true, stderr: true },
    tty: false,
    openStdin: false,
    stdinOnce: false,
    mounts: [],
    volumesFrom: [],
    links: [],
    endpoints: {},
    resources: { memory: 0, nanoCpus: 0, cpuQuota: 0, cpuPeriod: 0, pidsLimit: 0 },
    hostConfig: {
      IpcMode: 'private', PidMode: '', UTSMode: '', Devices: [], LogConfig: { Type: 'json-file', Config: {} },
      NetworkMode: 'bridge', RestartPolicy: { Name: 'no', MaximumRetryCount: 0 }, ...hostConfig,
    },
    dockerConfig: { Image: image },
  };
}
