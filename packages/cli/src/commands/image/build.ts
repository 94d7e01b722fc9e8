/**
 * `quai build`: the context dir as a tar (minus what .dockerignore, or
 * <Dockerfile>.dockerignore, excludes; the Dockerfile and .dockerignore
 * always go) posted to `/build`, the builder's lines printed as they come.
 */
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import dockerignore from '@balena/dockerignore';
import tar from 'tar-stream';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';

export const spec: CommandSpec = {
  usage: 'build [OPTIONS] PATH | URL | -',
  description: 'Build an image from a Dockerfile',
  aliases: ['quai image build', 'quai build', 'quai builder build'],
  flags: [
    { name: 'build-arg', type: 'list', description: 'Set build-time variables' },
    { name: 'file', short: 'f', type: 'string', description: "Name of the Dockerfile (Default is 'PATH/Dockerfile')" },
    { name: 'label', type: 'list', description: 'Set metadata for an image' },
    { name: 'network', type: 'string', default: 'default', description: 'Set the networking mode for the RUN instructions during build' },
    { name: 'no-cache', type: 'bool', description: 'Do not use cache when building the image' },
    { name: 'progress', type: 'string', default: 'auto', description: 'Set type of progress output (auto, plain, tty)' },
    { name: 'pull', type: 'bool', description: 'Always attempt to pull a newer version of the image' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Suppress the build output and print image ID on success' },
    { name: 'rm', type: 'bool', default: true, description: 'Remove intermediate containers after a successful build' },
    { name: 'force-rm', type: 'bool', description: 'Always remove intermediate containers' },
    { name: 'tag', short: 't', type: 'list', description: 'Name and optionally a tag in the "name:tag" format' },
    { name: 'target', type: 'string', description: 'Set the target build stage to build.' },
  ],
  exactArgs: 1,
};

/** The context's files, relative, parents first, minus the ignored ones. */
async function contextFiles(dir: string, dockerfile: string): Promise<string[]> {
  const patterns = await readFile(join(dir, `${dockerfile}.dockerignore`), 'utf8')
    .catch(() => readFile(join(dir, '.dockerignore'), 'utf8')).catch(() => '');
  const ig = (dockerignore as unknown as { default?: typeof dockerignore }).default ?? dockerignore;
  const matcher = (ig as unknown as (o?: object) => { add(p: string[]): { ignores(p: string): boolean } })().add(patterns.split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('#')));
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const name of (await readdir(join(dir, rel))).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      const isDir = (await lstat(join(dir, path))).isDirectory();
      const keep = path === dockerfile || path === '.dockerignore' || !matcher.ignores(isDir ? `${path}/` : path);
      if (keep) out.push(path);
      // An ignored dir may still hold `!` exceptions: look inside anyway.
      if (isDir) await walk(path);
    }
  };
  await walk('');
  return out;
}

async function contextTar(dir: string, files: string[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => { chunks.push(c as Buffer); });
  const ended = new Promise<void>((ok, fail) => { pack.on('end', () => ok()); pack.on('error', (e: unknown) => fail(e)); });
  for (const path of files) {
    const st = await lstat(join(dir, path));
    const base = { name: path, mode: st.mode & 0o7777, mtime: st.mtime, uid: 0, gid: 0 };
    if (st.isDirectory()) pack.entry({ ...base, type: 'directory' });
    else if (st.isSymbolicLink()) pack.entry({ ...base, type: 'symlink', linkname: await readlink(join(dir, path)) });
    else if (st.isFile()) await pipeline(createReadStream(join(dir, path)), pack.entry({ ...base, size: st.size }));
  }
  pack.finalize();
  await ended;
  return Buffer.concat(chunks);
}

function units(n: number): string {
  const u = ['B', 'kB', 'MB', 'GB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < u.length - 1) { v /= 1000; i++; }
  return `${Number(v.toPrecision(4))}${u[i]}`;
}

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const dir = resolve(p.args[0]!);
  const file = p.flags.file as string;
  const dockerfile = file ? relative(dir, resolve(file)) : 'Dockerfile';
  if (dockerfile.startsWith('..')) throw new Error(`the Dockerfile (${file}) must be within the build context`);
  const body = await contextTar(dir, await contextFiles(dir, dockerfile));
  const quiet = p.flags.quiet as boolean;
  if (!quiet) cli.err(`Sending build context to Docker daemon  ${units(body.length)}\n`);
  const kv = (list: string[]) => Object.fromEntries(list.map((a) => {
    const i = a.indexOf('=');
    return i < 0 ? [a, process.env[a] ?? null] : [a.slice(0, i), a.slice(i + 1)];
  }));
  const query = {
    t: (p.flags.tag as string[]).length ? (p.flags.tag as string[]) : undefined,
    dockerfile,
    buildargs: JSON.stringify(kv(p.flags['build-arg'] as string[])),
    labels: JSON.stringify(kv(p.flags.label as string[])),
    target: (p.flags.target as string) || undefined,
    nocache: p.flags['no-cache'] as boolean,
    pull: p.flags.pull as boolean,
    rm: p.flags.rm as boolean,
    forcerm: p.flags['force-rm'] as boolean,
    networkmode: p.flags.network as string,
    q: quiet,
  };
  const started = Date.now();
  let id = '';
  for await (const msg of cli.client.jsonLines<{ stream?: string; aux?: { ID?: string } }>('POST', '/build', {
    query, body, headers: { 'Content-Type': 'application/x-tar' },
  })) {
    if (msg.aux?.ID) id = msg.aux.ID;
    if (msg.stream !== undefined && !quiet) cli.out(msg.stream);
  }
  if (quiet) cli.out(`${id}\n`);
  else if (p.flags.progress === 'plain') cli.err(`Build took ${((Date.now() - started) / 1000).toFixed(2)}s\n`);
}
