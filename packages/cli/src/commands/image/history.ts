import type { ImageHistoryItem } from '@quai/client';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { GO_TYPE } from '../../format/go-template.js';
import { renderList } from '../../format/list.js';
import { ellipsis, humanSize, timeAgo, truncateId } from '@quai/common';
import { goTimeString } from '../../format/go-time.js';

export const spec: CommandSpec = {
  usage: 'history [OPTIONS] IMAGE',
  description: 'Show the history of an image',
  aliases: ['quai image history', 'quai history'],
  flags: [
    { name: 'format', type: 'string', description: 'Format output using a custom template' },
    { name: 'human', short: 'H', type: 'bool', default: true, description: 'Print sizes and dates in human readable format' },
    { name: 'no-trunc', type: 'bool', description: "Don't truncate output" },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Only show image IDs' },
  ],
  exactArgs: 1,
};

const DEFAULT = '{{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}';
const HEADERS = { ID: 'IMAGE', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT', CreatedBy: 'CREATED BY', Size: 'SIZE', Comment: 'COMMENT' };

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const items = await cli.client.json<ImageHistoryItem[]>('GET', `/images/${encodeURIComponent(p.args[0])}/history`);
  const trunc = p.flags['no-trunc'] !== true;
  const human = p.flags.human !== false;
  const now = Date.now();
  const rows = items.map((h) => ({
    [GO_TYPE]: '*formatter.historyContext',
    ID: h.Id === '<missing>' ? '<missing>' : trunc ? truncateId(h.Id) : h.Id,
    CreatedSince: human ? timeAgo(h.Created, now) : new Date(h.Created * 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
    CreatedAt: goTimeString(h.Created),
    CreatedBy: trunc ? ellipsis(h.CreatedBy.replace(/\t/g, ' '), 45) : h.CreatedBy.replace(/\t/g, ' '),
    Size: human ? humanSize(h.Size) : String(h.Size),
    Comment: h.Comment,
  }));
  cli.out(renderList({ format: p.flags.format as string, quiet: p.flags.quiet === true, defaultTable: DEFAULT, headers: HEADERS }, rows));
}
