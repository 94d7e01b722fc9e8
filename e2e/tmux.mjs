// A real terminal for the interactive cases: one private tmux server with
// one pane running bash, driven with send-keys and read with capture-pane.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { requireBinary } from '@quai/testkit';

/** Busybox sh's prompt, and bash's again (a detach ends no line). */
export const PROMPT = /^\/ # ?$/m;
export const SHELL = /(^|\/ # |read escape sequence)\$ ?$/m;

/** A terminal whose shell talks to the daemon at dockerHost(); made on first use. */
export function terminal(dockerHost) {
  const server = `quai-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const tmux = (...args) => execFileSync('tmux', ['-L', server, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  let configDir;
  const session = () => {
    if (configDir) return;
    requireBinary('/usr/bin/tmux');
    configDir = mkdtempSync('/tmp/quai-e2e-tty-');
    const env = `DOCKER_HOST=${dockerHost()} DOCKER_CONFIG=${configDir} PS1='$ ' PATH=${process.env.PATH}`;
    tmux('new-session', '-d', '-s', 't', '-x', '100', '-y', '30', `env -i TERM=xterm ${env} bash --norc --noprofile`);
    tmux('set-option', '-g', 'window-size', 'manual');
  };
  const screen = () => tmux('capture-pane', '-p', '-t', 't');
  const keys = (...k) => tmux('send-keys', '-t', 't', ...k);
  const type = (line) => { keys('-l', line); keys('Enter'); };
  return {
    tmux,
    screen,
    keys,
    type,
    /** A blank screen (tmux resets it at once), then the command. */
    fresh(line) {
      session();
      keys('-R');
      tmux('clear-history', '-t', 't');
      type(line);
    },
    /** Waits until the pane matches re; returns the pane. */
    async waitScreen(re, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const text = screen();
        if (re.test(text)) return text;
        if (Date.now() > end) assert.fail(`pane never matched ${re}:\n${text}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    close() {
      if (!configDir) return;
      try { tmux('kill-server'); } catch { /* already gone */ }
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}
