/** The Engine API wire types: shared with the daemon, declared in common. */
export type {
  Port, MountPoint, ContainerSummary, ImageSummary, ContainerInspect, CreateResponse, WaitResponse,
  ImageHistoryItem, ImageDeleteItem, EventMessage, JsonMessage, NamespaceJson, NamespaceQuotaJson,
} from '@quai/common';
