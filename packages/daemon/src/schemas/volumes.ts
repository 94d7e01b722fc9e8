/** Volume bodies (swagger VolumeCreateRequest) and route specs. */
import type { RouteSpec } from '../router.js';
import { map, string, struct, type GoSchema } from '@quai/common/schema/go-schema';

export interface VolumeCreateBody { Name?: string; Driver?: string; DriverOpts?: Record<string, string>; Labels?: Record<string, string> }

export const volumeCreate: GoSchema<VolumeCreateBody> = struct('volume.CreateOptions', {
  Name: string(), Driver: string(), DriverOpts: map(string()), Labels: map(string()),
});

export const volumeRoutes = {
  list: { query: { filters: 'filters' } },
  create: { query: {}, body: volumeCreate },
  prune: { query: { filters: 'filters' } },
  inspect: { query: {} },
  remove: { query: { force: 'bool' } },
} satisfies Record<string, RouteSpec<any>>;
