/**
 * The one seam through which the engine runs host programs (mount, crun,
 * ip...). Resolves with stdout; rejects with the program's stderr.
 */
import { execFile } from 'node:child_process';
import { QuaiError } from '@quai/common';

export function run(file: string, args: string[], options: { input?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const detail = String(stderr).trim() || err.message;
        reject(new QuaiError('internal', `${file.split('/').pop()} ${args.join(' ')}: ${detail}`));
      } else {
        resolve(String(stdout));
      }
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}
