import type { CommandSpec, Parsed } from '../../args/parse.js';
import { describeError, StatusError, type Cli } from '../../cli.js';
import { execute } from '../../format/go-template.js';
import { bytesSize } from '@quai/common';

export const spec: CommandSpec = {
  usage: 'info [OPTIONS]',
  description: 'Display system-wide information',
  flags: [{ name: 'format', short: 'f', type: 'string', description: 'Format output using a custom template' }],
  maxArgs: 0,
};

type Info = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function serverLines(i: Info): string[] {
  const l: string[] = [];
  const push = (s: string) => l.push(` ${s}`);
  push(`Containers: ${i.Containers}`);
  push(` Running: ${i.ContainersRunning}`);
  push(` Paused: ${i.ContainersPaused}`);
  push(` Stopped: ${i.ContainersStopped}`);
  push(`Images: ${i.Images}`);
  push(`Server Version: ${i.ServerVersion}`);
  push(`Storage Driver: ${i.Driver}`);
  for (const [k, v] of (i.DriverStatus ?? []) as [string, string][]) push(` ${k}: ${v}`);
  push(`Logging Driver: ${i.LoggingDriver}`);
  push(`Cgroup Driver: ${i.CgroupDriver}`);
  push(`Cgroup Version: ${i.CgroupVersion}`);
  if (i.Plugins) {
    push('Plugins:');
    push(` Volume: ${(i.Plugins.Volume ?? []).join(' ')}`);
    push(` Network: ${(i.Plugins.Network ?? []).join(' ')}`);
    push(` Log: ${(i.Plugins.Log ?? []).join(' ')}`);
  }
  push(`Swarm: ${i.Swarm?.LocalNodeState || 'inactive'}`);
  push(`Runtimes: ${Object.keys(i.Runtimes ?? {}).sort().join(' ')}`);
  push(`Default Runtime: ${i.DefaultRuntime}`);
  push(`Init Binary: ${i.InitBinary ?? ''}`);
  push(`containerd version: ${i.ContainerdCommit?.ID ?? ''}`);
  push(`runc version: ${i.RuncCommit?.ID ?? ''}`);
  push(`init version: ${i.InitCommit?.ID ?? ''}`);
  if (i.SecurityOptions?.length) {
    push('Security Options:');
    for (const opt of i.SecurityOptions as string[]) {
      const kv = Object.fromEntries(opt.split(',').map((p) => p.split('=')));
      push(` ${kv.name ?? opt}`);
      if (kv.profile) push(`  Profile: ${kv.profile}`);
    }
  }
  push(`Kernel Version: ${i.KernelVersion}`);
  push(`Operating System: ${i.OperatingSystem}`);
  push(`OSType: ${i.OSType}`);
  push(`Architecture: ${i.Architecture}`);
  push(`CPUs: ${i.NCPU}`);
  push(`Total Memory: ${bytesSize(i.MemTotal ?? 0)}`);
  push(`Name: ${i.Name}`);
  push(`ID: ${i.ID}`);
  push(`Docker Root Dir: ${i.DockerRootDir}`);
  push(`Debug Mode: ${i.Debug === true}`);
  if (i.Labels?.length) {
    push('Labels:');
    for (const lab of i.Labels) push(` ${lab}`);
  }
  push(`Experimental: ${i.ExperimentalBuild === true}`);
  const insecure = i.RegistryConfig?.InsecureRegistryCIDRs ?? [];
  if (insecure.length) {
    push('Insecure Registries:');
    for (const r of insecure) push(` ${r}`);
  }
  const mirrors = i.RegistryConfig?.Mirrors ?? [];
  if (mirrors.length) {
    push('Registry Mirrors:');
    for (const r of mirrors) push(` ${r}`);
  }
  push(`Live Restore Enabled: ${i.LiveRestoreEnabled === true}`);
  for (const w of i.Warnings ?? []) l.push(w);
  return l;
}

export async function run(cli: Cli, p: Parsed): Promise<void> {
  let info: Info | undefined;
  let err: unknown;
  try {
    info = await cli.client.json<Info>('GET', '/info');
  } catch (e) {
    err = e;
  }
  if (p.flags.format) {
    if (!info) throw new StatusError(1, describeError(err));
    cli.out(`${execute(p.flags.format as string, info)}\n`);
    return;
  }
  cli.out(['Client:', ' Version:    0.1.0', ' Context:    default', ' Debug Mode: false', '', 'Server:', ''].join('\n'));
  if (!info) {
    cli.out('\n');
    throw new StatusError(1, describeError(err));
  }
  cli.out(`${serverLines(info).join('\n')}\n\n`);
}
