/** Exec bodies (swagger ExecConfig, ExecStartConfig) and route specs. */
import type { RouteSpec } from '../router.js';
import { bool, list, string, struct, uint64, type GoSchema } from '@quai/common/schema/go-schema';
import { terminalSize } from './containers.js';

const consoleSize = () => list({ ...uint64(), goType: 'uint' }, { goType: '*[2]uint' });

export interface ExecCreateBody {
  Cmd?: string[]; Env?: string[]; WorkingDir?: string; User?: string; Privileged?: boolean; Tty?: boolean;
  AttachStdin?: boolean; AttachStdout?: boolean; AttachStderr?: boolean; Detach?: boolean; DetachKeys?: string; ConsoleSize?: number[];
}

export const execCreate: GoSchema<ExecCreateBody> = struct('container.ExecCreateRequest', {
  User: string(), Privileged: bool(), Tty: bool(), ConsoleSize: consoleSize(),
  AttachStdin: bool(), AttachStderr: bool(), AttachStdout: bool(), Detach: bool(), DetachKeys: string(),
  Env: list(string()), WorkingDir: string(), Cmd: list(string()),
}, { check: (b) => (b.Cmd?.length ? undefined : 'No exec command specified') });

export interface ExecStartBody { Detach?: boolean; Tty?: boolean; ConsoleSize?: number[] }

export const execStart: GoSchema<ExecStartBody> = struct('container.ExecStartRequest', {
  Detach: bool(), Tty: bool(), ConsoleSize: consoleSize(),
});

export const execRoutes = {
  create: { query: {}, body: execCreate },
  start: { query: {}, body: execStart },
  resize: { query: { h: terminalSize('height'), w: terminalSize('width') } },
  inspect: { query: {} },
} satisfies Record<string, RouteSpec<any>>;
