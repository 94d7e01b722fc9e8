/**
 * The one seam through which the engine runs host programs (mount, crun,
 * ip...). Resolves with stdout; rejects with the program's stderr.
 */
import type { Readable } from 'node:stream';
import { QuaiError } from '@quai/common';
import { spawnProcess } from './spawn.js';

export async function run(file: string, args: string[], options: { input?: string } = {}): Promise<string> {
  let child;
  try {
    child = spawnProcess(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (err) {
    throw new QuaiError('internal', `${file}: ${(err as Error).message}`);
  }
  const [stdin, stdout, stderr] = child.stdio;
  stdin!.on('error', () => {}); // a program may exit without reading its input
  stdin!.end(options.input);
  const [status, out, err] = await Promise.all([child.exited, collect(stdout!), collect(stderr!)]);
  if (status.code === 0) return out;
  const why = status.signal ? `killed by ${status.signal}` : `exit status ${status.code}`;
  throw new QuaiError('internal', `${file.split('/').pop()} ${args.join(' ')}: ${err.trim() || why}`);
}

function collect(stream: Readable): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('error', () => resolve(Buffer.concat(chunks).toString()));
    stream.on('close', () => resolve(Buffer.concat(chunks).toString()));
  });
}
