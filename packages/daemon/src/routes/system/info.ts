/** `GET /info`: what `docker info` shows. */
import { cpus, hostname, totalmem, release, arch } from 'node:os';
import { readFile } from 'node:fs/promises';
import type { ComponentVersion } from '@quai/engine';
import type { RouteContext } from '../../router.js';
import { sendJson } from '../../http-util.js';
import { QUAI_VERSION } from '../../version.js';
import { registryConfig } from './registry-config.js';

async function osName(): Promise<string> {
  try {
    const text = await readFile('/etc/os-release', 'utf8');
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(text)?.[1] ?? 'Linux';
  } catch {
    return 'Linux';
  }
}

/** Docker's Commit: the commit when the program names one, else its version, else N/A as dockerd says. */
function commit(c: ComponentVersion): { ID: string; Expected: string } {
  const id = c.commit || c.version || 'N/A';
  return { ID: id, Expected: id };
}

export async function info({ res, engine }: RouteContext): Promise<void> {
  const containers = await engine.containers.list({ all: true });
  const count = (s: string) => containers.filter((c) => c.state.status === s).length;
  const images = await engine.images.list({ all: false, filters: new Map() });
  const runtime = engine.config.runtime;
  const { components } = engine.host;
  sendJson(res, 200, {
    ID: '',
    Containers: containers.length,
    ContainersRunning: count('running'),
    ContainersPaused: count('paused'),
    ContainersStopped: containers.length - count('running') - count('paused'),
    Images: images.length,
    Driver: 'overlay2',
    DriverStatus: [['Backing Filesystem', 'extfs'], ['Supports d_type', 'true']],
    Plugins: { Volume: ['local'], Network: ['bridge', 'host', 'none'], Authorization: null, Log: ['k8s-file'] },
    MemoryLimit: true,
    SwapLimit: engine.host.swapAccounting,
    CpuCfsPeriod: true,
    CpuCfsQuota: true,
    CPUShares: true,
    CPUSet: true,
    PidsLimit: true,
    IPv4Forwarding: true,
    Debug: false,
    NFd: 0,
    OomKillDisable: false,
    NGoroutines: 0,
    SystemTime: new Date().toISOString(),
    LoggingDriver: 'json-file',
    CgroupDriver: 'cgroupfs',
    CgroupVersion: engine.host.cgroupV2 ? '2' : '1',
    NEventsListener: 0,
    KernelVersion: release(),
    OperatingSystem: await osName(),
    OSVersion: '',
    OSType: 'linux',
    Architecture: arch() === 'x64' ? 'x86_64' : arch(),
    IndexServerAddress: 'https://index.docker.io/v1/',
    RegistryConfig: registryConfig(engine.config.registryMirrors, engine.config.insecureRegistries),
    NCPU: cpus().length,
    MemTotal: totalmem(),
    DockerRootDir: engine.config.dataRoot,
    Name: hostname(),
    Labels: [],
    ExperimentalBuild: false,
    ServerVersion: QUAI_VERSION,
    Runtimes: { crun: { path: '/usr/bin/crun' }, runc: { path: '/usr/bin/runc' } },
    DefaultRuntime: runtime,
    Swarm: { NodeID: '', NodeAddr: '', LocalNodeState: 'inactive', ControlAvailable: false, Error: '', RemoteManagers: null },
    LiveRestoreEnabled: true,
    Isolation: '',
    InitBinary: engine.host.initPath,
    // conmon holds each container as containerd's shim would; the CLI prints these as
    // "containerd version", "runc version", "init version". Expected = ID: no mismatch warning.
    ContainerdCommit: commit(components.conmon),
    RuncCommit: commit(components.runtime),
    InitCommit: commit(components.init),
    SecurityOptions: ['name=seccomp,profile=builtin'],
    Warnings: engine.host.swapAccounting ? [] : ['WARNING: No swap limit support'],
  });
}
