/**
 * `quai compose config`: the project as loaded (files merged, variables
 * substituted, long forms, absolute paths) in canonical YAML, or one list of
 * it (--services, --volumes, --profiles, --images); -q only validates.
 */
import { stringify } from 'yaml';
import { canonicalYaml } from '@quai/compose/config-out';
import { imageName } from '@quai/compose/names';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { ComposeContext } from './context.js';

export const spec: CommandSpec = {
  usage: 'compose config [OPTIONS] [SERVICE...]',
  description: 'Parse, resolve and render compose file in canonical format',
  aliases: ['quai compose convert'],
  flags: [
    { name: 'format', type: 'string', default: 'yaml', description: 'Format the output. Values: [yaml | json]' },
    { name: 'images', type: 'bool', description: 'Print the image names, one per line.' },
    { name: 'output', short: 'o', type: 'string', description: 'Save to file (default to stdout)' },
    { name: 'profiles', type: 'bool', description: 'Print the profile names, one per line.' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Only validate the configuration, don\'t print anything' },
    { name: 'services', type: 'bool', description: 'Print the service names, one per line.' },
    { name: 'volumes', type: 'bool', description: 'Print the volume names, one per line.' },
    { name: 'networks', type: 'bool', description: 'Print the network names, one per line.' },
  ],
};

export async function run(ctx: ComposeContext, p: Parsed): Promise<void> {
  const f = p.flags;
  const project = await ctx.project(p.args);
  const lines = (list: string[]) => ctx.cli.out(list.map((l) => `${l}\n`).join(''));
  if (f.quiet === true) return;
  if (f.services === true) return lines(Object.keys(project.services));
  if (f.volumes === true) return lines(Object.keys(project.volumes));
  if (f.networks === true) return lines(Object.keys(project.networks));
  if (f.images === true) return lines(Object.values(project.services).map((s) => imageName(project.name, s)));
  if (f.profiles === true) {
    const all = [...Object.values(project.services), ...Object.values(project.disabledServices)].flatMap((s) => s.profiles ?? []);
    return lines([...new Set(all)].sort());
  }
  const model = canonicalYaml(project, p.args);
  const text = f.format === 'json' ? `${JSON.stringify(model, null, 2)}\n` : stringify(model, { lineWidth: 0 });
  if (f.output) {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(f.output as string, text);
  } else ctx.cli.out(text);
}
