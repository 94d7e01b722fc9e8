/**
 * Starting a container is a sequence of steps, each pushing its undo, so a
 * failure half way leaves nothing behind: (mount rootfs → resolve user) beside
 * resolve isolation (namespaces to join, /dev/shm, devices) beside attach
 * networks → write /etc files and the OCI spec → runtime create (conmon +
 * crun) → runtime start → record `running` → emit `start`.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FailedPreconditionError, InvalidArgumentError, NotModifiedError, QuaiError } from '@quai/common';
import { bundleDir, containerPidPath, conmonPidPath, containerDir, containerLogPath, exitFilePath, exitsDir, rootfsMountPath } from '../paths.js';
import { isMounted, mountAll, unmount } from '../host/mount.js';
import { buildSpec } from '../runtime/oci-spec.js';
import { containerAttributes, type ContainerContext } from './context.js';
import { nowRfc3339Nano, type ContainerRecord } from './container-record.js';
import { writeEtcFiles } from './etc-files.js';
import { resolveUser } from './user.js';
import { withRoot, type InRoot } from '../host/in-root.js';
import { logSizeMax } from './log-size.js';
import { startHealth } from './health.js';
import { startLogRotation } from './log-rotation.js';
import { prepareMounts } from '../volumes/oci-mounts.js';
import { releaseIsolation, resolveIsolation } from './isolation.js';
import { makeDirs } from '../host/make-dirs.js';
import { linkEnv, linkHosts, refreshLinkedParents } from './links.js';

const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export async function startContainer(d: ContainerContext, c: ContainerRecord, opts: { byPolicy?: boolean } = {}): Promise<void> {
  // `restarting` is started only by its restart policy (restart-policy.ts).
  if (c.state.status === 'running' || (c.state.status === 'restarting' && !opts.byPolicy)) throw new NotModifiedError('container already started');
  if (c.state.status === 'paused') throw new FailedPreconditionError('cannot start a paused container, try unpause instead');
  if (c.state.status === 'removing') throw new FailedPreconditionError(`container is marked for removal and cannot be started`);

  const undo: Array<() => Promise<unknown>> = [];
  const rootfs = rootfsMountPath(d.paths, c.id);
  try {
    // The root file system and the network do not depend on each other: side
    // by side (the network's `ip` processes take the longest). Each part that
    // succeeded is undone if another failed; the first failure is reported.
    const [{ user, mounts }, isolation, net] = await allSettledOrFirstError([
      prepareRootfs(d, c, rootfs, undo),
      resolveIsolation(d, c).then((isolation) => { undo.push(() => releaseIsolation(d, c)); return isolation; }),
      d.networks.attach(c).then((net) => { undo.push(() => d.networks.detach(c)); return net; }),
    ] as const);
    const linkedEnv = linkEnv(d, c);
    const etcFiles = await writeEtcFiles(containerDir(d.paths, c.id), c, { ...net, links: linkHosts(d, c) });
    const spec = buildSpec({
      container: { ...c, config: { ...c.config, Env: runtimeEnv(c, user.home, linkedEnv) } },
      rootfs,
      user,
      etcFiles,
      initPath: d.host.initPath,
      cgroupsPath: `${d.host.cgroupParent}/${c.id}`,
      swapAccounting: d.host.swapAccounting,
      cgroupV1Hierarchies: d.host.cgroupV1Hierarchies,
      hostCapabilities: d.host.capabilities,
      hostMaskedPaths: d.host.maskedPaths,
      mounts,
      netns: net.netns,
      isolation,
    });
    const bundle = bundleDir(d.paths, c.id);
    // Rewritten at every start and read by crun at once: no fsync needed.
    await makeDirs(bundle);
    await writeFile(join(bundle, 'config.json'), JSON.stringify(spec));
    await rm(exitFilePath(d.paths, c.id), { force: true });
    d.exits.reset(c.id);
    await makeDirs(exitsDir(d.paths));
    const { pid } = await d.runtime.create(c.id, bundle, {
      logPath: containerLogPath(d.paths, c.id),
      exitDir: exitsDir(d.paths),
      conmonPidFile: conmonPidPath(d.paths, c.id),
      pidFile: containerPidPath(d.paths, c.id),
      logSizeMax: logSizeMax(c),
      terminal: !!c.config.Tty,
      stdin: !!c.config.OpenStdin,
    });
    undo.push(() => d.runtime.delete(c.id));
    await d.runtime.start(c.id);
    c.state = { ...c.state, status: 'running', pid, exitCode: 0, error: '', oomKilled: false, startedAt: nowRfc3339Nano() };
    // A user's start ends a user's stop; a policy's start must not undo a stop that came meanwhile.
    if (!opts.byPolicy) c.manuallyStopped = false;
    await d.store.save(c);
  } catch (err) {
    for (const step of undo.reverse()) await step().catch(() => {});
    const message = startErrorMessage(err);
    c.state = { ...c.state, error: message, exitCode: exitCodeFor(message) };
    await d.store.save(c).catch(() => {});
    d.events.publish('container', 'die', c.id, containerAttributes(c, { exitCode: String(c.state.exitCode) }));
    // Attached clients and waiters learn of the failed start as of an exit.
    d.exits.notifyExit(c.id, c.state.exitCode);
    throw new QuaiError(err instanceof QuaiError && err.kind !== 'internal' ? err.kind : 'invalid-argument', message);
  }
  d.events.publish('container', 'start', c.id, containerAttributes(c));
  await refreshLinkedParents(d, c);
  startHealth(d, c);
  startLogRotation(d, c);
}

/** Every promise settled (nothing left running behind an error), then their values or the first failure. */
async function allSettledOrFirstError<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(promises);
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** The image's root mounted, its user resolved and the mounts prepared, all read and made inside that root (a link in it never leads to the host). */
async function prepareRootfs(d: ContainerContext, c: ContainerRecord, rootfs: string, undo: Array<() => Promise<unknown>>) {
  if (!(await isMounted(rootfs))) {
    await mountAll(await d.snapshotter.mounts(c.id, c.snapshotParent), rootfs);
    undo.push(() => unmount(rootfs));
  }
  return withRoot(rootfs, async (root) => {
    const user = await resolveUser(root, c.config.User, c.hostConfig.GroupAdd ?? []);
    if (c.config.WorkingDir) await makeWorkingDir(root, c.config.WorkingDir);
    return { user, mounts: await prepareMounts(d.volumes, c.mounts ?? [], root) };
  });
}

/** `mkdir -p` of WorkingDir, as Docker's SetupWorkingDirectory (0755, its error when a file is in the way). */
async function makeWorkingDir(root: InRoot, dir: string): Promise<void> {
  await root.mkdirAll(dir, 0o755).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOTDIR') throw new InvalidArgumentError(`Cannot mkdir: ${dir} is not a directory`);
    throw err;
  });
}

/**
 * The environment the process gets: PATH and HOSTNAME first, then the
 * links' variables (the container's own override them), HOME if unset, as Docker.
 */
function runtimeEnv(c: ContainerRecord, home: string, linkedEnv: string[]): string[] {
  const env = [...c.config.Env];
  const has = (k: string) => env.some((e) => e.startsWith(`${k}=`));
  const head = [];
  if (!has('PATH')) head.push(DEFAULT_PATH);
  head.push(`HOSTNAME=${c.config.Hostname}`);
  if (c.config.Tty && !has('TERM')) head.push('TERM=xterm');
  const fromLinks = linkedEnv.filter((e) => !has(e.slice(0, e.indexOf('='))));
  const out = [...head, ...fromLinks, ...env.filter((e) => !e.startsWith('HOSTNAME='))];
  if (!has('HOME')) out.push(`HOME=${home}`);
  return out;
}

/**
 * Rephrase crun's "executable not found" as Docker's, which clients match
 * on to exit 127 (not found) or 126 (not executable).
 */
function startErrorMessage(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  const notFound = /executable file `([^`]*)` not found/.exec(raw) ?? /exec: "([^"]*)": executable file not found/.exec(raw);
  if (notFound) return `failed to create task for container: OCI runtime create failed: exec: "${notFound[1]}": executable file not found in $PATH: unknown`;
  if (/Permission denied|EACCES/.test(raw) && /exec/.test(raw)) return `failed to create task for container: ${raw}: permission denied: unknown`;
  return raw;
}

function exitCodeFor(message: string): number {
  if (/executable file not found|no such file or directory/.test(message)) return 127;
  if (/permission denied/.test(message)) return 126;
  return 128;
}
