/**
 * `quai build`: the context dir as a tar (minus what .dockerignore, or
 * <Dockerfile>.dockerignore, excludes; the Dockerfile and .dockerignore
 * always go) posted to `/build`, the builder's lines printed as they come.
 */
import { relative, resolve } from 'node:path';
import { buildContext } from '@quai/client/build-context';
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
  const body = await buildContext(dir, dockerfile);
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
