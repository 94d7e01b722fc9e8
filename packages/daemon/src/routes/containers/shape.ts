/** Container records in Docker's wire shapes: the list summary and inspect. */
import { containerStatus, type ContainerInspect, type ContainerSummary, type Port } from '@quai/common';
import { effectiveHostConfig, healthSuffix, mountPointJson, paths, type ContainerRecord, type EngineScope } from '@quai/engine';
import { join } from 'node:path';
import { networkSettings, summaryPorts } from '../networks/shape.js';
import { hostConfigJson } from './host-config.js';

/** Docker's State.String(): "Up 5 seconds", "Exited (0) 2 minutes ago", "Created"... */
export function statusText(c: ContainerRecord, now = Date.now()): string {
  const s = c.state;
  return containerStatus({
    running: s.status === 'running' || s.status === 'paused' || s.status === 'restarting',
    paused: s.status === 'paused',
    restarting: s.status === 'restarting',
    dead: s.status === 'dead',
    removing: s.status === 'removing',
    exitCode: s.exitCode,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
    health: healthSuffix(s.health),
  }, now);
}

/** Docker shows Command as the joined Path and Args. */
function command(c: ContainerRecord): string {
  return [c.path, ...c.args].map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ');
}

/** `linkNames`: the names the container has through others' links (`/app/db`), as dockerd lists them. */
export function toSummary(c: ContainerRecord, size?: { rw: number; rootFs: number }, linkNames: string[] = []): ContainerSummary {
  return {
    Id: c.id,
    Names: [`/${c.name}`, ...linkNames],
    Image: c.imageRef,
    ImageID: c.imageId,
    Command: command(c),
    Created: Math.floor(Date.parse(c.created) / 1000),
    Ports: summaryPorts(c) as unknown as Port[],
    ...(size ? { SizeRw: size.rw, SizeRootFs: size.rootFs } : {}),
    Labels: c.config.Labels,
    State: c.state.status,
    Status: statusText(c),
    HostConfig: { NetworkMode: c.hostConfig.NetworkMode ?? 'none' },
    NetworkSettings: { Networks: (networkSettings(c) as { Networks: Record<string, unknown> }).Networks },
    Mounts: (c.mounts ?? []).map(mountPointJson),
  };
}

export function toInspect(engine: EngineScope, c: ContainerRecord, size?: { rw: number; rootFs: number }): ContainerInspect {
  const dir = paths.containerDir(engine.config, c.id);
  const s = c.state;
  const active = paths.activeSnapshotDir(engine.config, c.id);
  return {
    Id: c.id,
    Created: c.created,
    Path: c.path,
    Args: c.args,
    State: {
      Status: s.status,
      // Docker counts a container between exit and restart as running.
      Running: s.status === 'running' || s.status === 'paused' || s.status === 'restarting',
      Paused: s.status === 'paused',
      Restarting: s.status === 'restarting',
      OOMKilled: s.oomKilled,
      Dead: s.status === 'dead',
      Pid: s.pid,
      ExitCode: s.exitCode,
      Error: s.error,
      StartedAt: s.startedAt,
      FinishedAt: s.finishedAt,
      ...(s.health ? { Health: s.health } : {}),
    },
    Image: c.imageId,
    ResolvConfPath: join(dir, 'resolv.conf'),
    HostnamePath: join(dir, 'hostname'),
    HostsPath: join(dir, 'hosts'),
    LogPath: paths.containerLogPath(engine.config, c.id),
    Name: `/${c.name}`,
    RestartCount: c.restartCount,
    Driver: 'overlay2',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    ExecIDs: engine.containers.execs.idsOf(c.id).length ? engine.containers.execs.idsOf(c.id) : null,
    // Links as dockerd shows them: from the live links (`/web:/app/db`), not as the client wrote them.
    HostConfig: hostConfigJson({ ...effectiveHostConfig(c), Links: engine.containers.links(c) }),
    GraphDriver: {
      Name: 'overlay2',
      Data: {
        MergedDir: paths.rootfsMountPath(engine.config, c.id),
        UpperDir: join(active, 'upper'),
        WorkDir: join(active, 'work'),
      },
    },
    ...(size ? { SizeRw: size.rw, SizeRootFs: size.rootFs } : {}),
    Mounts: (c.mounts ?? []).map(mountPointJson),
    Config: c.config,
    NetworkSettings: networkSettings(c),
  };
}

export async function sizeOf(engine: EngineScope, c: ContainerRecord): Promise<{ rw: number; rootFs: number }> {
  const rw = await engine.containers.sizeRw(c.id);
  const image = await engine.images.get(c.imageId).catch(() => undefined);
  return { rw, rootFs: rw + (image?.size ?? 0) };
}
