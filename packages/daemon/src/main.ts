/**
 * `quai daemon`: flags as dockerd's, so several daemons can run side by side,
 * each with its own sockets, data root and exec root.
 */
import { parseArgs } from 'node:util';
import { writeFile, rm, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createEngine } from '@quai/engine';
import { startServer } from './server.js';
import { createLogger, type LogLevel } from './logger.js';

const USAGE = `Usage: quai daemon [OPTIONS]

Options:
  -H, --host list          Daemon socket(s) to listen on: unix:///path or tcp://127.0.0.1:PORT
                           (default unix:///run/quai/quai.sock)
      --data-root string   Root directory of persistent state (default "/var/lib/quai")
      --exec-root string   Root directory for execution state (default "/run/quai")
  -p, --pidfile string     Path to use for the daemon PID file (default "/run/quai/quai.pid")
      --runtime string     OCI runtime: crun or runc (default "crun")
  -l, --log-level string   debug, info, warn, error (default "info")
`;

export async function main(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        host: { type: 'string', short: 'H', multiple: true },
        'data-root': { type: 'string', default: '/var/lib/quai' },
        'exec-root': { type: 'string', default: '/run/quai' },
        pidfile: { type: 'string', short: 'p' },
        runtime: { type: 'string', default: 'crun' },
        'default-runtime': { type: 'string' },
        'log-level': { type: 'string', short: 'l', default: 'info' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    }));
  } catch (err) {
    process.stderr.write(`quai daemon: ${(err as Error).message}\n\n${USAGE}`);
    process.exitCode = 125;
    return;
  }
  if (values.help) { process.stdout.write(USAGE); return; }
  const execRoot = values['exec-root']!;
  const runtime = values['default-runtime'] ?? values.runtime!;
  if (runtime !== 'crun' && runtime !== 'runc') {
    process.stderr.write(`quai daemon: unknown runtime "${runtime}": use crun or runc\n`);
    process.exitCode = 125;
    return;
  }
  const log = createLogger(values['log-level'] as LogLevel);
  const hosts = values.host?.length ? values.host : [`unix://${execRoot}/quai.sock`];
  const pidfile = values.pidfile ?? `${execRoot}/quai.pid`;

  const engine = await createEngine({ dataRoot: values['data-root']!, execRoot, runtime });
  await engine.start();
  const server = await startServer(engine, hosts, log);
  await mkdir(dirname(pidfile), { recursive: true });
  await writeFile(pidfile, `${process.pid}\n`);
  log.info(`quai daemon ${process.pid} listening on ${hosts.join(', ')} (data root ${values['data-root']})`);

  const shutdown = async (signal: string) => {
    log.info(`${signal}: shutting down; containers keep running`);
    await server.close();
    await engine.close();
    await rm(pidfile, { force: true });
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
