/** The Engine API wire types the CLI reads (a subset; Docker's PascalCase). */
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
  Config: { Tty?: boolean; OpenStdin?: boolean; Image?: string; [k: string]: unknown };
  State: { Status: string; Running: boolean; ExitCode: number; [k: string]: unknown };
  HostConfig?: { AutoRemove?: boolean; [k: string]: unknown };
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
