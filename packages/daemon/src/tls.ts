/**
 * TLS on the TCP API, with dockerd's flags and rules:
 *
 *   --tls                 serve TCP over TLS
 *   --tlsverify           TLS, and clients must present a certificate signed
 *                         by --tlscacert (set at all, it implies --tls; --tls
 *                         alone implies it too unless --tlsverify=false)
 *   --tlscacert --tlscert --tlskey   default $DOCKER_CERT_PATH (or ~/.docker)/{ca,cert,key}.pem
 *   DOCKER_TLS_VERIFY     set: --tlsverify by default
 *
 * Whoever reaches an unauthenticated TCP API is root on the host, so a TCP
 * listener without client certificates is refused unless it is on loopback
 * or the operator said so explicitly (`--tls=false` or `--tlsverify=false`);
 * dockerd has only warned about it since 18.09 and announced the refusal.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';

export interface TlsFlags {
  /** undefined when the flag was not given */
  tls?: boolean;
  tlsverify?: boolean;
  tlscacert?: string;
  tlscert?: string;
  tlskey?: string;
}

export interface TlsSettings {
  enabled: boolean;
  /** clients must present a certificate signed by the CA */
  verify: boolean;
  /** the operator chose TLS or its absence explicitly */
  explicit: boolean;
  caFile: string;
  certFile: string;
  keyFile: string;
}

export interface TlsMaterial {
  key: Buffer;
  cert: Buffer;
  ca?: Buffer;
  verify: boolean;
}

export function tlsSettings(flags: TlsFlags, env: NodeJS.ProcessEnv = process.env): TlsSettings {
  const verifyDefault = !!env.DOCKER_TLS_VERIFY;
  const verifySet = flags.tlsverify !== undefined;
  const enabled = !!flags.tls || verifySet || verifyDefault;
  const verify = enabled && (verifySet ? flags.tlsverify! : true);
  const certDir = env.DOCKER_CERT_PATH || join(env.DOCKER_CONFIG || join(homedir(), '.docker'));
  return {
    enabled,
    verify,
    explicit: flags.tls !== undefined || verifySet,
    caFile: flags.tlscacert ?? join(certDir, 'ca.pem'),
    certFile: flags.tlscert ?? join(certDir, 'cert.pem'),
    keyFile: flags.tlskey ?? join(certDir, 'key.pem'),
  };
}

/**
 * Refuses TCP hosts that would serve the API to the network without client
 * certificates; returns the warnings to log for the ones let through.
 */
export function checkTcpListeners(hosts: string[], tls: TlsSettings): string[] {
  const warnings: string[] = [];
  for (const host of hosts) {
    if (!host.startsWith('tcp://') || tls.verify) continue;
    const insecure = `Binding to IP address without --tlsverify is insecure and gives root access on this machine to everyone who has access to your network (${host}).`;
    if (!tls.explicit && !isLoopback(tcpHostname(host))) {
      throw new Error(`${insecure} Refusing to listen on ${host} without TLS client authentication: use --tlsverify with --tlscacert, --tlscert and --tlskey, or override this by explicitly specifying '--tls=false' or '--tlsverify=false'`);
    }
    warnings.push(insecure);
  }
  return warnings;
}

export function tcpHostname(host: string): string {
  return new URL(host.replace(/^tcp:/, 'http:')).hostname.replace(/^\[|\]$/g, '');
}

function isLoopback(hostname: string): boolean {
  if (hostname === 'localhost') return true;
  if (isIP(hostname) === 4) return hostname.startsWith('127.');
  return hostname === '::1';
}

/** The key pair and CA, read once at start; a missing file stops the daemon with its name. */
export async function loadTlsMaterial(tls: TlsSettings): Promise<TlsMaterial | undefined> {
  if (!tls.enabled) return undefined;
  const read = async (what: string, path: string) => {
    try {
      return await readFile(path);
    } catch (err) {
      throw new Error(`invalid TLS configuration: could not read ${what} "${path}": ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`);
    }
  };
  return {
    cert: await read('certificate', tls.certFile),
    key: await read('key', tls.keyFile),
    ca: tls.verify ? await read('CA certificate', tls.caFile) : undefined,
    verify: tls.verify,
  };
}
