/** System routes: `/_ping`, `/version`, `/info`, `/events`, `/auth` (swagger AuthConfig), `/system/df`. */
import type { LoginRequest } from '@quai/engine';
import type { RouteSpec } from '../router.js';
import { string, struct, type GoSchema } from '@quai/common/schema/go-schema';

export const authConfig: GoSchema<LoginRequest> = struct('registry.AuthConfig', {
  username: string(), password: string(), auth: string(), email: string(),
  serveraddress: string(), identitytoken: string(), registrytoken: string(),
});

export const systemRoutes = {
  ping: { query: {} },
  version: { query: {} },
  info: { query: {} },
  events: { query: { since: 'string', until: 'string', filters: 'filters' } },
  auth: { query: {}, body: authConfig },
  df: { query: { type: 'string', verbose: 'bool' } },
} satisfies Record<string, RouteSpec<any>>;
