/**
 * Versions of the host programs the engine drives, for `docker version`
 * (Components) and `docker info` (RuncCommit, ContainerdCommit, InitCommit).
 * Read once at start from each program's `--version`, as dockerd does.
 */
import { run } from './run.js';

export interface ComponentVersion {
  /** `crun`, `conmon`, `tini`... as the program names itself. */
  name: string;
  version: string;
  /** Git commit, or '' when the program does not say (conmon built without it prints "unknown"). */
  commit: string;
}

export interface ComponentVersions {
  runtime: ComponentVersion;
  conmon: ComponentVersion;
  init: ComponentVersion;
}

/**
 * `crun --version` / `runc --version` / `conmon --version`:
 *   crun version 1.8.1
 *   commit: f8a096be060b22ccd3d5f3ebe44108517fbf6c30
 * `tini --version`: `tini version 0.19.0 - git.de40ad0` (the commit is optional).
 */
export function parseVersionOutput(output: string, fallbackName: string): ComponentVersion {
  let name = fallbackName;
  let version = '';
  let commit = '';
  for (const line of output.trim().split('\n')) {
    const v = /^(\S+) version (\S+)(?: - git\.(\w+))?/.exec(line.trim());
    if (v && !version) {
      name = v[1]!;
      version = v[2]!;
      commit = v[3] ?? commit;
      continue;
    }
    const c = /^commit:\s*(\S+)/.exec(line.trim());
    if (c && c[1] !== 'unknown') commit = c[1]!;
  }
  return { name, version, commit };
}

async function versionOf(path: string, fallbackName: string): Promise<ComponentVersion> {
  try {
    return parseVersionOutput(await run(path, ['--version']), fallbackName);
  } catch {
    return { name: fallbackName, version: '', commit: '' };
  }
}

export async function detectComponentVersions(paths: { runtime: string; conmon: string; init: string }): Promise<ComponentVersions> {
  const [runtime, conmon, init] = await Promise.all([
    versionOf(paths.runtime, 'runtime'), versionOf(paths.conmon, 'conmon'), versionOf(paths.init, 'init'),
  ]);
  return { runtime, conmon, init };
}
