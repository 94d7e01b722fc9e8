/**
 * Pull an image (POST /images/create?fromImage=) and print the progress the way
 * Docker does without a terminal: one line per status, progress bars omitted.
 */
import { parseNormalizedNamed, familiarRepository, type Reference } from '@quai/common/reference';
import type { JsonMessage } from '@quai/client';
import type { Cli } from '../../cli.js';
import { registryAuthHeader } from '../registry/credentials.js';

export function pullQuery(ref: Reference, platform?: string): Record<string, string | undefined> {
  return { fromImage: familiarRepository(ref), tag: ref.digest ?? ref.tag ?? 'latest', platform };
}

/** Print one progress line of a jsonmessage stream. */
export function displayMessage(msg: JsonMessage & { progressDetail?: { current?: number } }, write: (s: string) => void): void {
  if (msg.stream !== undefined) return write(msg.stream);
  if (msg.progressDetail?.current !== undefined || msg.progress) return; // bar updates: terminal only
  if (msg.status === undefined) return;
  write(msg.id ? `${msg.id}: ${msg.status}\n` : `${msg.status}\n`);
}

export async function pullImage(cli: Cli, image: string, opts: { platform?: string; quiet?: boolean; out?: (s: string) => void } = {}): Promise<Reference> {
  const ref = parseNormalizedNamed(image);
  const write = opts.quiet ? () => {} : (opts.out ?? ((s: string) => cli.err(s)));
  for await (const msg of cli.client.jsonLines<JsonMessage>('POST', '/images/create', { query: pullQuery(ref, opts.platform), headers: registryAuthHeader(image) })) {
    displayMessage(msg, write);
  }
  return ref;
}
