/**
 * `quai daemon`: flags as dockerd's, so several daemons can run side by side,
 * each with its own sockets, data root and exec root.
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { errorMessage } from '@quai/common';
import { claimPidLock } from './pid-lock.js';
import { createEngine, diskReserve, parseInsecureRegistries } from '@quai/engine';
import { startServer } from './server.js';
import { createLogger, type Logger, type LogLevel } from './logger.js';
import { parseGoBool } from './validation/go-values.js';
import { checkTcpListeners, loadTlsMaterial, tlsSettings, type TlsMaterial } from './tls.js';

const USAGE = `Usage: quai daemon [OPTIONS]

Options:
  -H, --host list          Daemon socket(s) to listen on: unix:///path or tcp://HOST:PORT
                           (default unix:///run/quai/quai.sock)
      --tls                Use TLS on TCP listeners; implied by --tlsverify
      --tlsverify          Use TLS and require client certificates signed by --tlscacert
                           (default true when DOCKER_TLS_VERIFY is set). A TCP listener
                           off loopback without it is refused unless --tls=false is given
      --tlscacert string   Trust client certs signed only by this CA (default "~/.docker/ca.pem")
      --tlscert string     Path to TLS certificate file (default "~/.docker/cert.pem")
      --tlskey string      Path to TLS key file (default "~/.docker/key.pem")
      --data-root string   Root directory of persistent state (default "/var/lib/quai")
      --exec-root string   Root directory for execution state (default "/run/quai")
  -p, --pidfile string     Path to use for the daemon PID file (default "/run/quai/quai.pid")
      --runtime string     OCI runtime: crun or runc (default "crun")
  -l, --log-level string   debug, info, warn, error (default "info")
      --registry-mirror list     Preferred registry mirror for docker.io images
      --insecure-registry list   Registries (host:port or CIDR) reached over plain HTTP
      --bip string               The default bridge's gateway and subnet (e.g. 172.31.0.1/16)
      --default-address-pool     Pools for new networks: base=10.10.0.0/16,size=24 (repeatable)
`;

export async function main(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: boolFlagsWithValues(argv),
      options: {
        tls: { type: 'string' },
        tlsverify: { type: 'string' },
        tlscacert: { type: 'string' },
        tlscert: { type: 'string' },
        tlskey: { type: 'string' },
        host: { type: 'string', short: 'H', multiple: true },
        'data-root': { type: 'string', default: '/var/lib/quai' },
        'exec-root': { type: 'string', default: '/run/quai' },
        pidfile: { type: 'string', short: 'p' },
        runtime: { type: 'string', default: 'crun' },
        'default-runtime': { type: 'string' },
        'log-level': { type: 'string', short: 'l', default: 'info' },
        'registry-mirror': { type: 'string', multiple: true },
        'insecure-registry': { type: 'string', multiple: true },
        bip: { type: 'string' },
        'default-address-pool': { type: 'string', multiple: true },
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
  try {
    parseInsecureRegistries(values['insecure-registry'] ?? []);
  } catch (err) {
    process.stderr.write(`quai daemon: ${(err as Error).message}\n`);
    process.exitCode = 125;
    return;
  }
  const log = createLogger(values['log-level'] as LogLevel);
  const hosts = values.host?.length ? values.host : [`unix://${execRoot}/quai.sock`];
  let tlsMaterial: TlsMaterial | undefined;
  try {
    const tls = tlsSettings({
      tls: goBool('tls', values.tls), tlsverify: goBool('tlsverify', values.tlsverify),
      tlscacert: values.tlscacert, tlscert: values.tlscert, tlskey: values.tlskey,
    });
    for (const warning of checkTcpListeners(hosts, tls)) log.warn(warning);
    tlsMaterial = await loadTlsMaterial(tls);
  } catch (err) {
    process.stderr.write(`quai daemon: ${(err as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  // A daemon that supervises running containers must not die of one failed
  // background task: log it and keep serving.
  process.on('unhandledRejection', (err) => log.error(`unhandled rejection: ${(err as Error)?.stack ?? err}`));
  process.on('uncaughtException', (err) => log.error(`uncaught exception: ${err.stack ?? err}`));
  const pidfile = values.pidfile ?? `${execRoot}/quai.pid`;

  let release: () => Promise<void>;
  try {
    release = await claimLocks(pidfile, values['data-root']!, log);
  } catch (err) {
    log.error(errorMessage(err));
    process.exitCode = 1;
    return;
  }
  const engine = await createEngine({ dataRoot: values['data-root']!, execRoot, runtime,
    registryMirrors: values['registry-mirror'] ?? [], insecureRegistries: values['insecure-registry'] ?? [],
    network: { bip: values.bip, addressPools: parsePools(values['default-address-pool']) }, warn: log.warn });
  await engine.start();
  const server = await startServer(engine, hosts, log, tlsMaterial);
  log.info(`quai daemon ${process.pid} listening on ${hosts.join(', ')} (data root ${values['data-root']})`);

  const shutdown = async (signal: string) => {
    log.info(`${signal}: shutting down; containers keep running`);
    await server.close();
    await engine.close();
    await release();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

/**
 * The pid file and the data root's lock. A full data root must not keep the
 * daemon from starting (it is how things get removed): the lock takes the
 * engine's reserve, and without one the daemon starts on the pid file alone.
 */
async function claimLocks(pidfile: string, dataRoot: string, log: Logger): Promise<() => Promise<void>> {
  const rootLock = join(dataRoot, 'quai.pid');
  try {
    return await diskReserve({ dataRoot }).retryWhenFull(() => claimPidLock([pidfile, rootLock]));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
    log.warn(`${errorMessage(err)}: the data root is full, starting without its lock ${rootLock}`);
    return claimPidLock([pidfile]);
  }
}

/** `base=10.10.0.0/16,size=24` → { base, size }; undefined keeps Docker's defaults. */
function parsePools(values: string[] | undefined): Array<{ base: string; size: number }> | undefined {
  if (!values?.length) return undefined;
  return values.map((v) => {
    const fields = Object.fromEntries(v.split(',').map((kv) => kv.split('=') as [string, string]));
    if (!fields.base || !Number(fields.size)) throw new Error(`invalid --default-address-pool: ${v}`);
    return { base: fields.base, size: Number(fields.size) };
  });
}

const BOOL_FLAGS = new Set(['--tls', '--tlsverify']);

/** `--tls` alone means `--tls=true`; `--tls=false` stays as written (pflag's booleans). */
function boolFlagsWithValues(argv: string[]): string[] {
  return argv.map((a) => (BOOL_FLAGS.has(a) ? `${a}=true` : a));
}

/** A boolean flag's value, as pflag reads it. */
function goBool(flag: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const parsed = parseGoBool(value);
  if (parsed !== undefined) return parsed;
  throw new Error(`invalid argument ${JSON.stringify(value)} for "--${flag}" flag: strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
}
