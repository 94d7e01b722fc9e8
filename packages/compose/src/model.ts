/**
 * A Compose project after loading: every file merged, variables substituted,
 * every short syntax turned into its long form, relative paths made absolute.
 * Keys keep the Compose Specification's own spelling (snake_case), so the
 * canonical YAML of `compose config` is this object as it is.
 *
 *   services.web.ports: ["127.0.0.1:8080:80"]
 *     → [{ target: 80, published: "8080", host_ip: "127.0.0.1", protocol: "tcp", mode: "ingress" }]
 *   services.web.environment: ["A=1", "B"]   (B set in the shell)
 *     → { A: "1", B: "<value from the shell>" }
 *   services.web.depends_on: [db]
 *     → { db: { condition: "service_started", required: true, restart: false } }
 */
export interface Project {
  name: string;
  /** The project directory: where relative paths start. */
  workingDir: string;
  /** Absolute paths of the -f files, in order. */
  configFiles: string[];
  /** Absolute paths of the --env-file files (or the project's .env when it exists). */
  envFiles: string[];
  /** Variables used for interpolation: the process environment over the env files. */
  environment: Record<string, string>;
  services: Record<string, Service>;
  /** Services left out by the active profiles (kept for `config --profiles` and orphan checks). */
  disabledServices: Record<string, Service>;
  networks: Record<string, NetworkConfig>;
  volumes: Record<string, VolumeConfig>;
  secrets: Record<string, FileObjectConfig>;
  configs: Record<string, FileObjectConfig>;
}

export interface BuildConfig {
  context: string;
  dockerfile: string;
  args?: Record<string, string | null>;
  target?: string;
  labels?: Record<string, string>;
  network?: string;
  no_cache?: boolean;
  pull?: boolean;
  extra_hosts?: string[];
  shm_size?: string | number;
  tags?: string[];
}

export interface PortConfig {
  target: number;
  /** A port or a range ("8080", "8000-8010"); absent: the engine picks one. */
  published?: string;
  host_ip?: string;
  protocol: string;
  mode: string;
  name?: string;
  app_protocol?: string;
}

export interface ServiceVolumeConfig {
  type: 'volume' | 'bind' | 'tmpfs' | 'npipe' | 'cluster' | 'image';
  /** Volume key (type volume), absolute host path (bind); absent for anonymous volumes and tmpfs. */
  source?: string;
  target: string;
  read_only?: boolean;
  consistency?: string;
  bind?: { propagation?: string; create_host_path?: boolean; selinux?: string };
  volume?: { nocopy?: boolean; subpath?: string };
  tmpfs?: { size?: number | string; mode?: number };
}

export interface DependsOn {
  condition: 'service_started' | 'service_healthy' | 'service_completed_successfully';
  required: boolean;
  restart: boolean;
}

export interface ServiceNetworkConfig {
  aliases?: string[];
  ipv4_address?: string;
  ipv6_address?: string;
  priority?: number;
  mac_address?: string;
}

export interface HealthcheckConfig {
  test?: string[];
  interval?: string;
  timeout?: string;
  retries?: number;
  start_period?: string;
  start_interval?: string;
  disable?: boolean;
}

export interface FileReference { source: string; target?: string; uid?: string; gid?: string; mode?: number }

export interface Service {
  /** The key under `services:`. */
  name: string;
  image?: string;
  build?: BuildConfig;
  command?: string[] | null;
  entrypoint?: string[] | null;
  environment?: Record<string, string>;
  ports?: PortConfig[];
  expose?: string[];
  volumes?: ServiceVolumeConfig[];
  networks?: Record<string, ServiceNetworkConfig | null>;
  network_mode?: string;
  depends_on?: Record<string, DependsOn>;
  healthcheck?: HealthcheckConfig;
  restart?: string;
  deploy?: {
    replicas?: number;
    resources?: { limits?: { cpus?: string | number; memory?: string | number; pids?: number }; reservations?: { memory?: string | number } };
    restart_policy?: { condition?: string; max_attempts?: number };
    labels?: Record<string, string>;
  };
  scale?: number;
  labels?: Record<string, string>;
  user?: string;
  working_dir?: string;
  hostname?: string;
  domainname?: string;
  tmpfs?: string[];
  read_only?: boolean;
  cap_add?: string[];
  cap_drop?: string[];
  init?: boolean;
  privileged?: boolean;
  stop_signal?: string;
  stop_grace_period?: string;
  profiles?: string[];
  secrets?: FileReference[];
  configs?: FileReference[];
  logging?: { driver?: string; options?: Record<string, string> };
  container_name?: string;
  tty?: boolean;
  stdin_open?: boolean;
  extra_hosts?: string[];
  dns?: string[];
  dns_search?: string[];
  mem_limit?: string | number;
  cpus?: string | number;
  pids_limit?: number;
  shm_size?: string | number;
  sysctls?: Record<string, string>;
  ulimits?: Record<string, number | { soft: number; hard: number }>;
  security_opt?: string[];
  pid?: string;
  ipc?: string;
  platform?: string;
  pull_policy?: string;
  links?: string[];
  extends?: unknown;
  /** Other keys the spec allows that quai passes through untouched (`x-` extensions...). */
  [key: string]: unknown;
}

export interface NetworkConfig {
  /** The engine's name for it: `<project>_<key>` unless set. */
  name: string;
  driver?: string;
  driver_opts?: Record<string, string>;
  internal?: boolean;
  attachable?: boolean;
  enable_ipv6?: boolean;
  external?: boolean;
  labels?: Record<string, string>;
  ipam?: { driver?: string; config?: { subnet?: string; ip_range?: string; gateway?: string }[]; options?: Record<string, string> };
}

export interface VolumeConfig {
  name: string;
  driver?: string;
  driver_opts?: Record<string, string>;
  external?: boolean;
  labels?: Record<string, string>;
}

export interface FileObjectConfig {
  name: string;
  file?: string;
  environment?: string;
  content?: string;
  external?: boolean;
}
