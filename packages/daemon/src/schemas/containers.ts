/** What each container route accepts (query parameters and bodies from the swagger's /containers paths). */
import type { RouteSpec } from '../router.js';
import type { QuerySpec } from '../validation/query.js';
import { commitConfig, createRequest, updateConfig } from './container-config.js';

const attach: QuerySpec = { detachKeys: 'string', logs: 'bool', stream: 'bool', stdin: 'bool', stdout: 'bool', stderr: 'bool' };
const stop: QuerySpec = { t: 'int', signal: 'string' };
const archive: QuerySpec = { path: 'string', noOverwriteDirNonDir: 'bool', copyUIDGID: 'bool' };
const WAIT_CONDITIONS = ['not-running', 'next-exit', 'removed'];

/** Docker's Uint32Value for a terminal size: `invalid resize height "x": invalid syntax`. */
export function terminalSize(which: 'height' | 'width') {
  return {
    check: (v: string) => {
      if (/^\d+$/.test(v) && Number(v) <= 0xffffffff) return undefined;
      const why = /^-?\d+$/.test(v) ? 'value out of range' : 'invalid syntax';
      return `invalid resize ${which} ${JSON.stringify(v)}: ${why}`;
    },
  };
}

export const containerRoutes = {
  list: { query: { all: 'bool', limit: 'int', size: 'bool', filters: 'filters' } },
  create: { query: { name: 'string', platform: 'string' }, body: createRequest },
  prune: { query: { filters: 'filters' } },
  inspect: { query: { size: 'bool' } },
  logs: { query: { follow: 'bool', stdout: 'bool', stderr: 'bool', since: 'string', until: 'string', timestamps: 'bool', tail: 'string', details: 'bool' } },
  start: { query: { detachKeys: 'string' } },
  stop: { query: stop },
  restart: { query: stop },
  kill: { query: { signal: 'string' } },
  rename: { query: { name: 'string' } },
  wait: { query: { condition: { check: (v) => (!v || WAIT_CONDITIONS.includes(v) ? undefined : `invalid condition: ${JSON.stringify(v)}`) } } },
  attach: { query: attach },
  resize: { query: { h: terminalSize('height'), w: terminalSize('width') } },
  pause: { query: {} },
  top: { query: { ps_args: 'string' } },
  stats: { query: { stream: 'bool', 'one-shot': 'bool' } },
  update: { query: {}, body: updateConfig },
  archive: { query: archive, bulk: true },
  export: { query: {}, bulk: true },
  changes: { query: {} },
  remove: { query: { v: 'bool', force: 'bool', link: 'bool' } },
  commit: { query: { container: 'string', repo: 'string', tag: 'string', comment: 'string', author: 'string', pause: 'bool', changes: 'string' }, body: commitConfig },
} satisfies Record<string, RouteSpec<any>>;
