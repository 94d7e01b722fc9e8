/**
 * `--sig-proxy` (on by default): while `run`, `start -a` or `attach` stream a
 * container without a TTY, the signals this CLI receives go to the container
 * through the kill API instead of ending the CLI, as Docker's
 * ForwardAllSignals. With a TTY the terminal carries ^C itself.
 */
import type { Cli } from '../../cli.js';

/** What a user sends to a foreground program (SIGKILL and SIGSTOP cannot be caught). */
const FORWARDED: NodeJS.Signals[] = ['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGTERM', 'SIGUSR1', 'SIGUSR2', 'SIGALRM'];

/** Start forwarding; returns the function that stops it. */
export function proxySignals(cli: Cli, id: string): () => void {
  const forward = (signal: NodeJS.Signals) => {
    void cli.client.json('POST', `/containers/${encodeURIComponent(id)}/kill`, { query: { signal } }).catch(() => {});
  };
  for (const s of FORWARDED) process.on(s, forward);
  return () => { for (const s of FORWARDED) process.off(s, forward); };
}
