/**
 * `quai play`: the browser playground in front of an engine.
 *
 *   quai play [--listen 127.0.0.1:8088] [--engine unix:///run/quai/quai.sock] [--hub URL] ...
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { configFromFlags, DEFAULTS } from './config.js';
import { startPlayground } from './server.js';

const USAGE = `Usage: quai play [OPTIONS]

The browser playground: sessions of Docker hosts (engine namespaces) in a web terminal.

Options:
      --listen string           Address to listen on (default "${DEFAULTS.listen}")
      --public-url string       URL people open, for share links (default from the request)
      --engine string           The engine's main socket (default "${DEFAULTS.engine}")
      --data-root string        The playground's own state (default "${DEFAULTS.dataRoot}")
      --session-ttl string      A session's life (default "${DEFAULTS.sessionTtl}")
      --max-sessions int        Sessions at once; more get 503 with Retry-After (default ${DEFAULTS.maxSessions})
      --max-instances int       Instances per session (default ${DEFAULTS.maxInstances})
      --min-free-memory string  Memory the host must have available for a new session or instance, 0 for no check;
                                below it they get 503 with Retry-After (default "${DEFAULTS.minFreeMemory}")
      --instance-memory string  Memory of one instance's containers together (default "${DEFAULTS.instanceMemory}")
      --instance-pids int       Processes of one instance's containers together (default ${DEFAULTS.instancePids})
      --instance-disk string    Disk for one instance's layers and volumes, 0 for none (default "${DEFAULTS.instanceDisk}")
      --instance-cpus string    CPUs of one instance's containers together (default ${DEFAULTS.instanceCpus})
      --hub string              The hub sessions are saved to and stacks may come from (e.g. http://127.0.0.1:5000)
      --hub-user string         The hub account saves are pushed with (repositories HUB/USER/NAME)
      --hub-password-file string  That account's password (or access token), read once at start
      --shell-image string      The instances' shell image (default "${DEFAULTS.shellImage}")
      --shell-cli string        A docker CLI binary on the host, bound read-only into shells whose image has none
      --warm-pool int           Instances kept ready in advance (default ${DEFAULTS.warmPool})
      --namespace string        The engine namespace of the shells and session networks (default "${DEFAULTS.namespace}")
      --outbound                Let shells and the containers instances run reach beyond the host (off by default)
      --pidfile string          Write the playground's PID here
`;

const OPTIONS = {
  listen: { type: 'string' }, 'public-url': { type: 'string' }, engine: { type: 'string' }, 'data-root': { type: 'string' },
  'session-ttl': { type: 'string' }, 'max-sessions': { type: 'string' }, 'min-free-memory': { type: 'string' }, 'max-instances': { type: 'string' },
  'instance-memory': { type: 'string' }, 'instance-pids': { type: 'string' }, 'instance-disk': { type: 'string' },
  'instance-cpus': { type: 'string' }, hub: { type: 'string' }, 'hub-user': { type: 'string' }, 'hub-password-file': { type: 'string' }, 'shell-image': { type: 'string' }, 'shell-cli': { type: 'string' },
  'warm-pool': { type: 'string' }, namespace: { type: 'string' }, outbound: { type: 'boolean' }, pidfile: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../../..');

function fail(message: string): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
}

export async function main(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false }));
  } catch (err) {
    process.stderr.write(`quai play: ${(err as Error).message}\n\n${USAGE}`);
    process.exitCode = 125;
    return;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const log = (m: string) => process.stderr.write(`${new Date().toISOString()} ${m}\n`);
  try {
    const config = configFromFlags(values);
    const play = await startPlayground(config, { shellArchive: join(repoRoot, 'build/images/play-shell.tar'), log });
    if (values.pidfile) writeFileSync(values.pidfile, `${process.pid}\n`);
    log(`quai play ${process.pid} listening on ${play.url} (engine ${config.engine}, shell image ${config.shellImage})`);
    let stopping = false;
    const shutdown = () => {
      if (stopping) return;
      stopping = true;
      log('quai play: closing every session');
      play.close().then(() => process.exit(0), (err) => {
        log(`quai play: ${(err as Error).message}`);
        process.exit(1);
      });
    };
    process.on('SIGTERM', shutdown);
    process.on('SIGINT', shutdown);
  } catch (err) {
    fail(`quai play: ${(err as Error).message}`);
  }
}
