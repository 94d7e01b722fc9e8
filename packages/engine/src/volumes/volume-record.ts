/**
 * Volumes and the mount points that use them.
 *
 * A volume (local driver) is a directory <dataRoot>/volumes/<name>/_data
 * with metadata beside it (volume.json). With `-o type=… -o device=… -o o=…`
 * the device is mounted on _data when a container first uses it.
 *
 * A mount point is one entry of a container's `Mounts`, resolved once at
 * create from -v/--mount/--tmpfs/--volumes-from and the image's VOLUMEs:
 *
 *   -v data:/data          → { type: 'volume', name: 'data', source: <_data>, destination: '/data' }
 *   -v /srv:/srv:ro        → { type: 'bind', source: '/srv', destination: '/srv', rw: false }
 *   --tmpfs /run:size=1m   → { type: 'tmpfs', source: '', destination: '/run', options: ['size=1m'] }
 *   VOLUME /var/lib/x      → { type: 'volume', name: <64 hex>, anonymous: true, ... }
 */
export interface VolumeRecord {
  name: string;
  driver: 'local';
  labels: Record<string, string>;
  /** Driver options: type, device, o. */
  options: Record<string, string>;
  createdAt: string;
}

/** Label Docker 23+ puts on volumes it created for a container. */
export const ANONYMOUS_LABEL = 'com.docker.volume.anonymous';

export interface MountPoint {
  type: 'bind' | 'volume' | 'tmpfs';
  /** Volume name (volumes only). */
  name?: string;
  /** Host path: the bind source or the volume's _data; '' for tmpfs. */
  source: string;
  destination: string;
  rw: boolean;
  /** Docker's Mode column: the user's option string ('z', 'ro', ...). */
  mode: string;
  propagation: string;
  /** Created for this container only: removed by `rm -v`. */
  anonymous?: boolean;
  /** Do not fill an empty volume from the image (`nocopy`). */
  noCopy?: boolean;
  /** Extra mount options (tmpfs size/mode). */
  options?: string[];
}
