/** Docker's prune prompt: "Are you sure you want to continue? [y/N] " read from stdin. */
import type { Cli } from '../../cli.js';

export async function confirm(cli: Cli, warning: string): Promise<boolean> {
  cli.out(`${warning}\nAre you sure you want to continue? [y/N] `);
  const { stdin } = cli.streams;
  const answer = await new Promise<string>((resolve) => {
    let buf = '';
    const onData = (c: Buffer) => {
      buf += c.toString();
      if (buf.includes('\n')) done();
    };
    const done = () => {
      stdin.removeListener('data', onData);
      stdin.removeListener('end', done);
      stdin.pause();
      resolve(buf.split('\n')[0].trim());
    };
    stdin.on('data', onData);
    stdin.on('end', done);
  });
  return /^y(es)?$/i.test(answer);
}
