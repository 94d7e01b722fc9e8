/**
 * A service → the body of POST /containers/create, as docker compose fills
 * it: labels (project, service, number, config hash...), the networks with
 * the container's name, the service's name and its aliases as DNS names,
 * ports, volumes (named ones by their engine name), secrets and configs from
 * files bound read-only, resources, healthcheck and stop settings.
 */
import type { Project, Service, ServiceVolumeConfig } from '../model.js';
import { serviceHash } from '../hash.js';
import { COMPOSE_VERSION, LABELS, containerName, imageName } from '../names.js';
import { parseBytes, parseDuration } from './units.js';

export interface ContainerPlan {
  /** The container's number (replicas 1..n); 0 for a one-off. */
  number: number;
  name: string;
  /** One-offs (`run`): their slug, and whether aliases are registered. */
  oneOff?: { slug: string; useAliases: boolean };
  /** The image ID the container is created from (label com.docker.compose.image). */
  imageId?: string;
  autoRemove?: boolean;
  /** `run`'s overrides. */
  command?: string[];
  entrypoint?: string[];
  env?: Record<string, string>;
  tty?: boolean;
  interactive?: boolean;
  ports?: Service['ports'];
  user?: string;
  workdir?: string;
  labels?: Record<string, string>;
  /** Anonymous volumes of the container this one replaces, kept at their targets (their data survives a recreate). */
  inheritVolumes?: { name: string; target: string; readOnly: boolean }[];
}

function env(map: Record<string, string> | undefined): string[] | undefined {
  return map ? Object.entries(map).map(([k, v]) => `${k}=${v}`) : undefined;
}

function healthcheck(h: Service['healthcheck']): Record<string, unknown> | undefined {
  if (!h) return undefined;
  if (h.disable) return { Test: ['NONE'] };
  return {
    ...(h.test ? { Test: h.test } : {}),
    ...(h.interval ? { Interval: parseDuration(h.interval) } : {}),
    ...(h.timeout ? { Timeout: parseDuration(h.timeout) } : {}),
    ...(h.start_period ? { StartPeriod: parseDuration(h.start_period) } : {}),
    ...(h.start_interval ? { StartInterval: parseDuration(h.start_interval) } : {}),
    ...(h.retries !== undefined ? { Retries: h.retries } : {}),
  };
}

function restartPolicy(s: Service): { Name: string; MaximumRetryCount?: number } {
  const rp = s.deploy?.restart_policy;
  const spec = rp ? `${rp.condition === 'any' ? 'always' : rp.condition ?? 'always'}${rp.max_attempts ? `:${rp.max_attempts}` : ''}` : s.restart ?? 'no';
  const [name, count] = spec.split(':');
  return { Name: name === 'none' ? 'no' : name!, ...(count ? { MaximumRetryCount: Number(count) } : {}) };
}

/** Binds for bind mounts and named volumes, Mounts for the rest (tmpfs, anonymous volumes, options Binds cannot say). */
function mounts(project: Project, s: Service, inherit: ContainerPlan['inheritVolumes'] = []): { binds: string[]; mounts: Record<string, unknown>[] } {
  const binds: string[] = inherit.map((v) => `${v.name}:${v.target}:${v.readOnly ? 'ro' : 'rw'}`);
  const out: Record<string, unknown>[] = [];
  const inherited = new Set(inherit.map((v) => v.target));
  const volumeName = (v: ServiceVolumeConfig) => (v.source ? project.volumes[v.source]?.name ?? v.source : undefined);
  for (const v of s.volumes ?? []) {
    if (inherited.has(v.target)) continue;
    const mode = [v.read_only ? 'ro' : 'rw', ...(v.bind?.selinux ? [v.bind.selinux] : []), ...(v.bind?.propagation ? [v.bind.propagation] : []), ...(v.volume?.nocopy ? ['nocopy'] : [])].join(',');
    if (v.type === 'bind' && v.bind?.create_host_path !== false) binds.push(`${v.source}:${v.target}:${mode}`);
    else if (v.type === 'volume' && v.source && !v.volume?.subpath) binds.push(`${volumeName(v)}:${v.target}:${mode}`);
    else if (v.type === 'tmpfs') {
      out.push({ Type: 'tmpfs', Target: v.target, ReadOnly: !!v.read_only, TmpfsOptions: { ...(v.tmpfs?.size !== undefined ? { SizeBytes: parseBytes(v.tmpfs.size) } : {}), ...(v.tmpfs?.mode !== undefined ? { Mode: v.tmpfs.mode } : {}) } });
    } else {
      out.push({
        Type: v.type, Source: v.type === 'volume' ? volumeName(v) ?? '' : v.source, Target: v.target, ReadOnly: !!v.read_only,
        ...(v.type === 'bind' && v.bind?.propagation ? { BindOptions: { Propagation: v.bind.propagation } } : {}),
        ...(v.type === 'volume' ? { VolumeOptions: { NoCopy: !!v.volume?.nocopy, ...(v.volume?.subpath ? { Subpath: v.volume.subpath } : {}) } } : {}),
      });
    }
  }
  // secrets and configs from files: the file, read-only, at its target
  for (const kind of ['secrets', 'configs'] as const) {
    for (const ref of s[kind] ?? []) {
      const def = project[kind][ref.source];
      if (def?.file) binds.push(`${def.file}:${ref.target}:ro`);
    }
  }
  return { binds, mounts: out };
}

function portBindings(ports: Service['ports']): { exposed: Record<string, object>; bindings: Record<string, { HostIp: string; HostPort: string }[]> } {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of ports ?? []) {
    const key = `${p.target}/${p.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: p.host_ip ?? '', HostPort: p.published ?? '' });
  }
  return { exposed, bindings };
}

/** The networks a container joins, in priority order; the first is its NetworkMode. */
export function serviceNetworks(s: Service): string[] {
  return Object.entries(s.networks ?? {})
    .sort(([a, x], [b, y]) => (y?.priority ?? 0) - (x?.priority ?? 0) || a.localeCompare(b))
    .map(([k]) => k);
}

export function containerLabels(project: Project, s: Service, plan: ContainerPlan): Record<string, string> {
  return {
    ...(s.labels ?? {}),
    ...(plan.labels ?? {}),
    [LABELS.project]: project.name,
    [LABELS.service]: s.name,
    [LABELS.oneoff]: plan.oneOff ? 'True' : 'False',
    ...(plan.oneOff ? { [LABELS.slug]: plan.oneOff.slug } : { [LABELS.containerNumber]: String(plan.number) }),
    [LABELS.configHash]: serviceHash(s),
    ...(plan.imageId ? { [LABELS.image]: plan.imageId } : {}),
    [LABELS.workingDir]: project.workingDir,
    [LABELS.configFiles]: project.configFiles.join(','),
    ...(project.envFiles.length ? { [LABELS.environmentFile]: project.envFiles.join(',') } : {}),
    [LABELS.dependsOn]: Object.entries(s.depends_on ?? {}).map(([d, c]) => `${d}:${c.condition}:${c.restart}`).join(','),
    [LABELS.version]: COMPOSE_VERSION,
  };
}

export function containerConfig(project: Project, s: Service, plan: ContainerPlan): Record<string, unknown> {
  const { binds, mounts: mountList } = mounts(project, s, plan.inheritVolumes);
  const ports = portBindings(plan.ports ?? s.ports);
  for (const e of s.expose ?? []) ports.exposed[e.includes('/') ? e : `${e}/tcp`] = {};
  const limits = s.deploy?.resources?.limits;
  const memory = limits?.memory ?? s.mem_limit;
  const cpus = limits?.cpus ?? s.cpus;
  const pids = limits?.pids ?? s.pids_limit;
  const tmpfs = Object.fromEntries((s.tmpfs ?? []).map((t) => {
    const i = t.indexOf(':');
    return i < 0 ? [t, ''] : [t.slice(0, i), t.slice(i + 1)];
  }));
  const nets = serviceNetworks(s);
  const name = plan.name;
  const aliases = (key: string) => {
    const cfg = s.networks?.[key];
    const useAliases = !plan.oneOff || plan.oneOff.useAliases;
    return [name, ...(useAliases ? [s.name, ...(cfg?.aliases ?? [])] : [])];
  };
  const endpoints = Object.fromEntries(nets.map((key) => {
    const cfg = s.networks?.[key];
    const net = project.networks[key]!;
    return [net.name, {
      Aliases: aliases(key),
      ...(cfg?.ipv4_address || cfg?.ipv6_address ? { IPAMConfig: { ...(cfg.ipv4_address ? { IPv4Address: cfg.ipv4_address } : {}), ...(cfg.ipv6_address ? { IPv6Address: cfg.ipv6_address } : {}) } } : {}),
      ...(cfg?.mac_address ? { MacAddress: cfg.mac_address } : {}),
    }];
  }));
  const networkMode = s.network_mode
    ? s.network_mode.startsWith('service:') ? `container:${containerName(project.name, project.services[s.network_mode.slice(8)]!, 1)}` : s.network_mode
    : nets.length ? project.networks[nets[0]!]!.name : 'none';
  const ulimits = Object.entries(s.ulimits ?? {}).map(([n, v]) => (typeof v === 'number' ? { Name: n, Soft: v, Hard: v } : { Name: n, Soft: v.soft, Hard: v.hard }));
  const tty = plan.tty ?? s.tty ?? false;
  const stdin = plan.interactive ?? s.stdin_open ?? false;
  return {
    Hostname: s.hostname,
    Domainname: s.domainname,
    User: plan.user ?? s.user,
    ExposedPorts: Object.keys(ports.exposed).length ? ports.exposed : undefined,
    Tty: tty,
    OpenStdin: stdin,
    StdinOnce: !!plan.oneOff && stdin,
    AttachStdin: !!plan.oneOff && stdin,
    AttachStdout: true,
    AttachStderr: true,
    Cmd: plan.command ?? s.command ?? undefined,
    Entrypoint: plan.entrypoint ?? s.entrypoint ?? undefined,
    Image: imageName(project.name, s),
    WorkingDir: plan.workdir ?? s.working_dir,
    Labels: containerLabels(project, s, plan),
    StopSignal: s.stop_signal,
    StopTimeout: s.stop_grace_period ? Math.round(parseDuration(s.stop_grace_period) / 1e9) : undefined,
    Env: env({ ...(s.environment ?? {}), ...(plan.env ?? {}) }),
    Healthcheck: healthcheck(s.healthcheck),
    HostConfig: {
      Binds: binds.length ? binds : undefined,
      Mounts: mountList.length ? mountList : undefined,
      NetworkMode: networkMode,
      PortBindings: Object.keys(ports.bindings).length ? ports.bindings : undefined,
      RestartPolicy: restartPolicy(s),
      AutoRemove: plan.autoRemove ?? false,
      CapAdd: s.cap_add,
      CapDrop: s.cap_drop,
      Init: s.init,
      Privileged: s.privileged ?? false,
      ReadonlyRootfs: s.read_only ?? false,
      Tmpfs: Object.keys(tmpfs).length ? tmpfs : undefined,
      Memory: memory !== undefined ? parseBytes(memory) : undefined,
      NanoCpus: cpus !== undefined ? Math.round(Number(cpus) * 1e9) : undefined,
      PidsLimit: pids,
      ShmSize: s.shm_size !== undefined ? parseBytes(s.shm_size) : undefined,
      LogConfig: s.logging ? { Type: s.logging.driver ?? 'json-file', Config: s.logging.options ?? {} } : undefined,
      ExtraHosts: s.extra_hosts,
      Dns: s.dns,
      DnsSearch: s.dns_search,
      Sysctls: s.sysctls,
      SecurityOpt: s.security_opt,
      Ulimits: ulimits.length ? ulimits : undefined,
      PidMode: s.pid,
      IpcMode: s.ipc,
      Links: s.links?.map((l) => {
        const [svc, alias] = l.split(':');
        const target = project.services[svc!];
        return `${target ? containerName(project.name, target, 1) : svc}:${alias ?? svc}`;
      }),
    },
    NetworkingConfig: s.network_mode ? undefined : { EndpointsConfig: endpoints },
  };
}
