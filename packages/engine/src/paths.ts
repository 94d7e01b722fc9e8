/**
 * The engine's on-disk layout, drawn once. Everything the engine writes
 * lives under two roots:
 *
 *   <dataRoot>  (default /var/lib/quai)   survives reboots
 *   ├── blobs/sha256/<hex>                 content-addressed blobs (layers, configs, manifests)
 *   ├── ingest/<random>                    blobs being written; renamed into blobs/ once verified
 *   ├── snapshots/
 *   │   ├── committed/<chainIdHex>/fs      unpacked layer, read-only, shared
 *   │   ├── active/<key>/{upper,work}      a container's writable layer
 *   │   └── tmp/                           unpacking in progress (renamed into committed/)
 *   ├── images/
 *   │   ├── images.json                    image records (id → config digest, layers, created)
 *   │   └── tags.json                      reference → image id
 *   ├── containers/<id>/
 *   │   ├── container.json                 config, host config, state (written by rename)
 *   │   ├── container.log[.N]              conmon's k8s-file log (rotated copies)
 *   │   ├── mounts/shm                     /dev/shm of an `--ipc shareable` container (a tmpfs while it runs)
 *   │   └── bundle/
 *   │       ├── config.json                the OCI runtime spec given to crun
 *   │       ├── pidfile                    the container process's pid (written by crun)
 *   │       └── ctl, attach                conmon's resize FIFO and attach socket link
 *   ├── volumes/<name>/_data               local volumes (metadata beside _data)
 *   ├── networks/                          network records
 *   ├── builder/cache.json                 the build cache index
 *   ├── reserved-space                     8 MiB kept for a full disk: stop/rm/rmi records (store/disk-reserve.ts)
 *   ├── namespaces/<name>/                 a namespace other than `default` (namespaces/namespace-record.ts)
 *   │   ├── namespace.json                 its record: policy, quota, publish address
 *   │   └── images/ volumes/ networks/ builder/   as above, for this namespace only
 *   └── quai.pid                           the daemon holding this root
 *
 * Blobs, snapshots and containers/<id> are shared by every namespace (ids
 * are unique; a container's record names its namespace). What a namespace
 * names (tags, volumes, networks, the build cache) lives under its own
 * root: the data root itself for `default`, namespaces/<name> for others.
 *
 *   <execRoot>  (default /run/quai)        gone after a reboot
 *   ├── quai.sock                          default API socket
 *   ├── exits/<id>                         exit code written by conmon when a container ends
 *   ├── conmon/<id>.pid                    conmon's pid
 *   ├── runtime/<id>/                      crun's (or runc's) own state (`--root`)
 *   ├── bin/crun                           read-only bind mount of the runtime (host/read-only-binary.ts)
 *   ├── attach/                            conmon's attach sockets
 *   ├── netns/<id>                         a container's network namespace (bind mount)
 *   ├── exec/                              process specs of running execs
 *   ├── build/<key>                        writable layers the builder copies into
 *   ├── build-contexts/                    build contexts being unpacked
 *   ├── namespaces/<name>/docker.sock      the API socket of a namespace (bind-mount the dir:
 *   │                                      the socket is made anew at each daemon start)
 *   └── rootfs/<id>                        overlay mount point of a running container
 */
import { join } from 'node:path';
import { digestHex } from '@quai/common';

export interface EnginePaths {
  dataRoot: string;
  execRoot: string;
}

export const blobsDir = (p: EnginePaths) => join(p.dataRoot, 'blobs', 'sha256');
export const blobPath = (p: EnginePaths, digest: string) => join(blobsDir(p), digestHex(digest));
export const ingestDir = (p: EnginePaths) => join(p.dataRoot, 'ingest');

export const snapshotsDir = (p: EnginePaths) => join(p.dataRoot, 'snapshots');
export const committedSnapshotDir = (p: EnginePaths, name: string) =>
  join(snapshotsDir(p), 'committed', digestHex(name));
export const activeSnapshotDir = (p: EnginePaths, key: string) => join(snapshotsDir(p), 'active', key);
export const snapshotTmpDir = (p: EnginePaths) => join(snapshotsDir(p), 'tmp');

export const imagesDir = (p: EnginePaths) => join(p.dataRoot, 'images');

export const containersDir = (p: EnginePaths) => join(p.dataRoot, 'containers');
export const containerDir = (p: EnginePaths, id: string) => join(containersDir(p), id);
export const containerLogPath = (p: EnginePaths, id: string) => join(containerDir(p, id), 'container.log');
export const bundleDir = (p: EnginePaths, id: string) => join(containerDir(p, id), 'bundle');
export const containerShmPath = (p: EnginePaths, id: string) => join(containerDir(p, id), 'mounts', 'shm');
export const containerPidPath = (p: EnginePaths, id: string) => join(bundleDir(p, id), 'pidfile');


export const exitsDir = (p: EnginePaths) => join(p.execRoot, 'exits');
export const exitFilePath = (p: EnginePaths, id: string) => join(exitsDir(p), id);
export const conmonPidPath = (p: EnginePaths, id: string) => join(p.execRoot, 'conmon', `${id}.pid`);
export const attachSocketDir = (p: EnginePaths) => join(p.execRoot, 'attach');
export const rootfsMountPath = (p: EnginePaths, id: string) => join(p.execRoot, 'rootfs', id);

export const volumesDir = (p: EnginePaths) => join(p.dataRoot, 'volumes');
export const networksDir = (p: EnginePaths) => join(p.dataRoot, 'networks');

export const runtimeStateDir = (p: EnginePaths) => join(p.execRoot, 'runtime');
export const runtimeBinaryPath = (p: EnginePaths, name: string) => join(p.execRoot, 'bin', name);
export const netnsPath = (p: EnginePaths, id: string) => join(p.execRoot, 'netns', id);
export const execDir = (p: EnginePaths) => join(p.execRoot, 'exec');
export const buildLayerMountPath = (p: EnginePaths, key: string) => join(p.execRoot, 'build', key);
export const buildContextsDir = (p: EnginePaths) => join(p.execRoot, 'build-contexts');

export const DEFAULT_NAMESPACE = 'default';
export const namespacesDir = (p: EnginePaths) => join(p.dataRoot, 'namespaces');
export const namespaceRecordPath = (p: EnginePaths, ns: string) => join(namespacesDir(p), ns, 'namespace.json');
/** The roots a namespace's own stores use: the engine's for `default`, its own dir for the others. */
export const namespacePaths = (p: EnginePaths, ns: string): EnginePaths =>
  ns === DEFAULT_NAMESPACE ? { dataRoot: p.dataRoot, execRoot: p.execRoot } : { dataRoot: join(namespacesDir(p), ns), execRoot: p.execRoot };
export const namespaceSocketDir = (p: EnginePaths, ns: string) => join(p.execRoot, 'namespaces', ns);
export const namespaceSocketPath = (p: EnginePaths, ns: string) => join(namespaceSocketDir(p, ns), 'docker.sock');
