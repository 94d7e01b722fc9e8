/** The admin API's namespace body (POST /quai/namespaces) and route specs. */
import type { RouteSpec } from '../router.js';
import { bool, int64, map, string, struct, type GoSchema } from '@quai/common/schema/go-schema';

export interface NamespaceQuotaBody {
  Memory?: number; NanoCpus?: number; Pids?: number; Disk?: number;
  Containers?: number; Images?: number; Volumes?: number; Networks?: number;
}

export interface NamespaceCreateBody {
  Name?: string;
  Policy?: string;
  Quota?: NamespaceQuotaBody | null;
  PublishAddress?: string;
  Outbound?: boolean | null;
  Labels?: Record<string, string> | null;
}

const positive = (v: number) => (v < 0 ? `invalid quota ${v}: a positive whole number` : undefined);

export const namespaceCreate: GoSchema<NamespaceCreateBody> = struct('namespace.CreateRequest', {
  Name: string(),
  Policy: string(),
  Quota: struct('namespace.Quota', {
    Memory: int64(positive), NanoCpus: int64(positive), Pids: int64(positive), Disk: int64(positive),
    Containers: int64(positive), Images: int64(positive), Volumes: int64(positive), Networks: int64(positive),
  }),
  PublishAddress: string(),
  Outbound: bool(),
  Labels: map(string()),
});

export const namespaceRoutes = {
  create: { query: {}, body: namespaceCreate },
  list: { query: {} },
  inspect: { query: {} },
  remove: { query: {} },
} satisfies Record<string, RouteSpec<any>>;
