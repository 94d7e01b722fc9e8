/** `quai compose build`: build the services that have a build section (all, or those named). */
import { buildService } from '@quai/compose/apply/images';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { ComposeContext } from './context.js';

export const spec: CommandSpec = {
  usage: 'compose build [OPTIONS] [SERVICE...]',
  description: 'Build or rebuild services',
  flags: [
    { name: 'build-arg', type: 'list', valueName: 'stringArray', description: 'Set build-time variables for services' },
    { name: 'no-cache', type: 'bool', description: 'Do not use cache when building the image' },
    { name: 'pull', type: 'bool', description: 'Always attempt to pull a newer version of the image' },
    { name: 'quiet', short: 'q', type: 'bool', description: "Don't print anything to STDOUT" },
  ],
};

export async function run(ctx: ComposeContext, p: Parsed): Promise<void> {
  const project = await ctx.project(p.args);
  for (const n of p.args) if (!project.services[n]) throw new Error(`no such service: ${n}`);
  const names = (p.args.length ? p.args : Object.keys(project.services)).filter((n) => project.services[n]!.build);
  const buildArgs = Object.fromEntries((p.flags['build-arg'] as string[]).map((a) => {
    const i = a.indexOf('=');
    return i < 0 ? [a, process.env[a] ?? ''] : [a.slice(0, i), a.slice(i + 1)];
  }));
  const quiet = p.flags.quiet === true;
  await ctx.withProgress('Building', async (progress) => {
    for (const n of names) {
      await buildService(ctx.engine, project, project.services[n]!, progress, {
        noCache: p.flags['no-cache'] === true, pull: p.flags.pull === true, buildArgs,
        onOutput: quiet ? undefined : (t) => progress.note(t.replace(/\n$/, '')),
      });
    }
  });
}
