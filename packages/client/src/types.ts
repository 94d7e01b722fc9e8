/** The Engine API wire types: shared with the daemon, declared in common. */
export type {
  Port, MountPoint, ContainerSummary, ImageSummary, ContainerInspect, CreateResponse, WaitResponse,
  ImageHistoryItem, ImageDeleteItem, EventMessage, JsonMessage, NamespaceJson, NamespaceQuotaJson,
  IdResponse, TopResponse, ExecInspect, Volume, VolumeListResponse, Network, NetworkCreateResponse, ImageInspect,
  ContainerPruneResponse, ImagePruneResponse, NetworkPruneResponse, VolumePruneResponse, BuildCachePruneResponse,
  BuildCacheRecord, DiskUsage, VersionResponse,
} from '@quai/common';
