/**
 * Engine API response bodies, in Docker's PascalCase: what the daemon sends
 * and the client reads, declared once. Fields the daemon always sends are
 * required; the index signatures leave room for the rest of Docker's shape.
 */
import type { ContainerConfig, HostConfig } from './container.js';

export interface Port { IP?: string; PrivatePort: number; PublicPort?: number; Type: string }

export interface MountPoint { Type?: string; Name?: string; Source?: string; Destination?: string }

export interface ContainerSummary {
  Id: string;
  Names: string[];
  Image: string;
  ImageID: string;
  Command: string;
  Created: number;
  Ports?: Port[] | null;
  SizeRw?: number;
  SizeRootFs?: number;
  Labels?: Record<string, string> | null;
  State: string;
  Status: string;
  Mounts?: MountPoint[] | null;
  HostConfig?: { NetworkMode?: string };
  NetworkSettings?: { Networks?: Record<string, unknown> | null } | null;
}

export interface ImageSummary {
  Id: string;
  ParentId?: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Created: number;
  Size: number;
  SharedSize?: number;
  VirtualSize?: number;
  Labels?: Record<string, string> | null;
  Containers?: number;
}

export interface ContainerInspect {
  Id: string;
  Name: string;
  Image: string;
  Config: ContainerConfig;
  State: { Status: string; Running: boolean; ExitCode: number; [k: string]: unknown };
  HostConfig?: HostConfig;
  ExecIDs?: string[] | null;
  NetworkSettings?: { Networks?: Record<string, unknown> | null; [k: string]: unknown };
  [k: string]: unknown;
}

export interface CreateResponse { Id: string; Warnings?: string[] | null }

export interface WaitResponse { StatusCode: number; Error?: { Message?: string } | null }

export interface ImageHistoryItem { Id: string; Created: number; CreatedBy: string; Tags?: string[] | null; Size: number; Comment: string }

export interface ImageDeleteItem { Untagged?: string; Deleted?: string }

export interface EventMessage {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  scope?: string;
  time?: number;
  timeNano?: number;
  status?: string;
  id?: string;
  from?: string;
}

/** One line of a pull/load/import progress stream. */
export interface JsonMessage {
  stream?: string;
  status?: string;
  progress?: string;
  id?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: unknown;
}

/** A namespace in the admin API (`/quai/namespaces`, quai's own). */
export interface NamespaceQuotaJson {
  Memory?: number; NanoCpus?: number; Pids?: number; Disk?: number;
  Containers?: number; Images?: number; Volumes?: number; Networks?: number;
}

export interface NamespaceJson {
  Name: string;
  Policy: 'default' | 'playground';
  Quota: NamespaceQuotaJson;
  /** Host address published ports bind to; '' = as Docker. */
  PublishAddress: string;
  /** false: its containers cannot open connections beyond the host. */
  Outbound: boolean;
  Labels: Record<string, string>;
  Created: string;
  /** Path of its unix socket ('' for `default`, served on the main socket). */
  Socket: string;
  /** In inspect only: what it holds now. */
  Usage?: { Containers: number; ContainersRunning: number; Images: number; Volumes: number; Networks: number; DiskBytes: number };
}

/** `{"Id": ...}`: exec create, commit (Docker's IDResponse). */
export interface IdResponse { Id: string }

/** `GET /containers/{id}/top`. */
export interface TopResponse { Titles: string[]; Processes: string[][] }

/** `GET /exec/{id}/json` (the fields clients read; the daemon sends Docker's whole ExecInspect). */
export interface ExecInspect {
  ID: string;
  Running: boolean;
  /** null while it runs. */
  ExitCode: number | null;
  ContainerID: string;
  Pid: number;
  [k: string]: unknown;
}

/** `GET /volumes/{name}`, one entry of `GET /volumes`, `POST /volumes/create`. */
export interface Volume {
  Name: string;
  Driver: string;
  Mountpoint: string;
  CreatedAt?: string;
  Labels: Record<string, string> | null;
  Options?: Record<string, string> | null;
  Scope: string;
  /** In `GET /system/df` only. */
  UsageData?: { Size: number; RefCount: number } | null;
}

export interface VolumeListResponse { Volumes: Volume[] | null; Warnings?: string[] | null }

/** `GET /networks/{id}`, one entry of `GET /networks`. */
export interface Network {
  Name: string;
  Id: string;
  Created: string;
  Scope: string;
  Driver: string;
  EnableIPv6?: boolean;
  IPAM?: { Driver: string; Options: Record<string, string> | null; Config: Array<{ Subnet?: string; Gateway?: string; IPRange?: string }> };
  Internal: boolean;
  Attachable?: boolean;
  Containers?: Record<string, { Name: string; EndpointID: string; MacAddress: string; IPv4Address: string; IPv6Address: string }>;
  Options?: Record<string, string> | null;
  Labels: Record<string, string> | null;
  [k: string]: unknown;
}

/** `POST /networks/create`. */
export interface NetworkCreateResponse { Id: string; Warning: string }

/** `GET /images/{name}/json` (the fields clients read). */
export interface ImageInspect {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  RootFS?: { Type: string; Layers?: string[] | null };
  Created?: string;
  Size?: number;
  Config?: { Volumes?: Record<string, unknown> | null; [k: string]: unknown } | null;
  [k: string]: unknown;
}

/** `POST /{containers,images,networks,volumes,build}/prune`. */
export interface ContainerPruneResponse { ContainersDeleted: string[] | null; SpaceReclaimed: number }
export interface ImagePruneResponse { ImagesDeleted: ImageDeleteItem[] | null; SpaceReclaimed: number }
export interface NetworkPruneResponse { NetworksDeleted: string[] | null }
export interface VolumePruneResponse { VolumesDeleted: string[] | null; SpaceReclaimed: number }
export interface BuildCachePruneResponse { CachesDeleted: string[] | null; SpaceReclaimed: number }

/** One entry of the build cache in `GET /system/df`. */
export interface BuildCacheRecord {
  ID: string;
  Parents: string[] | null;
  Type: string;
  Description: string;
  InUse: boolean;
  Shared: boolean;
  Size: number;
  CreatedAt: string;
  LastUsedAt: string | null;
  UsageCount: number;
}

/** `GET /system/df`; `LogsSize` is quai's own (the containers' log files). */
export interface DiskUsage {
  LayersSize: number;
  Images: ImageSummary[] | null;
  Containers: ContainerSummary[] | null;
  Volumes: Volume[] | null;
  BuildCache: BuildCacheRecord[] | null;
  LogsSize?: number;
}

/** `GET /version`. */
export interface VersionResponse {
  Platform?: { Name?: string };
  Components?: Array<{ Name: string; Version: string; Details?: Record<string, string> }>;
  Version: string;
  ApiVersion: string;
  MinAPIVersion?: string;
  GitCommit?: string;
  GoVersion?: string;
  Os?: string;
  Arch?: string;
  KernelVersion?: string;
  BuildTime?: string;
  Experimental?: boolean;
}
