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
  Labels: Record<string, string>;
  Created: string;
  /** Path of its unix socket ('' for `default`, served on the main socket). */
  Socket: string;
  /** In inspect only: what it holds now. */
  Usage?: { Containers: number; ContainersRunning: number; Images: number; Volumes: number; Networks: number; DiskBytes: number };
}
