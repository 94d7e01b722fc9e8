/**
 * `quai cp CONTAINER:SRC DEST|-` and `quai cp SRC|- CONTAINER:DEST`, with
 * docker's rules: a destination that is an existing directory receives the
 * source under its own name; otherwise the copy takes the destination's name.
 */
import { lstat } from 'node:fs/promises';
import { basename, dirname, posix, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import { UsageError } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { extractLocal, packLocal } from './cp-tar.js';

export const spec: CommandSpec = {
  usage: 'cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tquai cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH',
  description: 'Copy files/folders between a container and the local filesystem',
  aliases: ['quai container cp', 'quai cp'],
  flags: [
    { name: 'archive', short: 'a', type: 'bool', description: 'Archive mode (copy all uid/gid information)' },
    { name: 'follow-link', short: 'L', type: 'bool', description: 'Always follow symbol link in SRC_PATH' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached' },
  ],
  exactArgs: 2,
};

interface PathStat { name: string; mode: number }
const isDirMode = (mode: number) => mode >= 2 ** 31;

function splitRef(arg: string): { container?: string; path: string } {
  if (arg.startsWith('/') || arg.startsWith('.')) return { path: arg };
  const i = arg.indexOf(':');
  return i > 0 ? { container: arg.slice(0, i), path: arg.slice(i + 1) } : { path: arg };
}

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const [src, dst] = p.args.map(splitRef) as [ReturnType<typeof splitRef>, ReturnType<typeof splitRef>];
  if (src.container && dst.container) throw new UsageError('copying between containers is not supported', 'args');
  if (!src.container && !dst.container) throw new UsageError('must specify at least one container source', 'args');
  if (src.container) return fromContainer(cli, src.container, src.path, dst.path);
  return toContainer(cli, src.path, dst.container!, dst.path, p.flags.archive === true);
}

async function fromContainer(cli: Cli, ref: string, path: string, dest: string): Promise<void> {
  const res = await cli.client.request('GET', `/containers/${encodeURIComponent(ref)}/archive`, { query: { path } });
  if (dest === '-') {
    for await (const chunk of res) cli.streams.stdout.write(chunk as Buffer);
    return;
  }
  const header = res.headers['x-docker-container-path-stat'];
  const stat = JSON.parse(Buffer.from(String(header ?? ''), 'base64').toString() || '{}') as PathStat;
  const local = await lstat(dest).catch(() => undefined);
  if (local?.isDirectory() && !dest.endsWith('/.')) await extractLocal(res, dest);
  else if (local?.isDirectory()) await extractLocal(res, dest, { from: stat.name, to: '.' });
  else await extractLocal(res, dirname(resolve(dest)), { from: stat.name, to: basename(dest) });
}

async function toContainer(cli: Cli, src: string, ref: string, dest: string, archive: boolean): Promise<void> {
  const target = `/containers/${encodeURIComponent(ref)}/archive`;
  let destDir = dest;
  let body: Readable;
  if (src === '-') {
    body = cli.streams.stdin as Readable;
  } else {
    const local = await lstat(src).catch(() => undefined);
    if (!local) throw new Error(`lstat ${resolve(src)}: no such file or directory`);
    const stat = await cli.client.request('HEAD', target, { query: { path: dest } })
      .then((r) => { r.resume(); return JSON.parse(Buffer.from(String(r.headers['x-docker-container-path-stat'] ?? ''), 'base64').toString() || '{}') as PathStat; })
      .catch(() => undefined);
    let rootName = basename(resolve(src));
    if (!stat || !isDirMode(stat.mode)) {
      if (!stat && dest.endsWith('/')) throw new Error(`Error response from daemon: Could not find the file ${dest} in container ${ref}`);
      destDir = posix.dirname(dest) || '/';
      rootName = posix.basename(dest);
    }
    body = packLocal(src, rootName);
    body.on('error', () => {}); // the daemon may refuse before reading it all: its answer says why
  }
  const res = await cli.client.request('PUT', target, {
    query: { path: destDir, noOverwriteDirNonDir: true, copyUIDGID: archive || undefined }, body, contentType: 'application/x-tar',
  });
  res.resume();
}
