/**
 * Registry credentials in Docker's config file, so `docker login` and
 * `quai login` share them: $DOCKER_CONFIG/config.json (default
 * ~/.docker/config.json)
 *
 *   { "auths": { "127.0.0.1:5000": { "auth": base64("alice:secret") },
 *                "https://index.docker.io/v1/": { "auth": base64("bob:"), "identitytoken": "…" } } }
 *
 * Credential helpers (credsStore) are not consulted. Docker Hub's key is its
 * legacy index address.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseReference } from '@quai/common/reference';

export const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';

export interface AuthConfig {
  username?: string;
  password?: string;
  identitytoken?: string;
  serveraddress?: string;
}

interface ConfigFile { auths?: Record<string, { auth?: string; identitytoken?: string }>; [k: string]: unknown }

export function configPath(): string {
  return join(process.env.DOCKER_CONFIG || join(homedir(), '.docker'), 'config.json');
}

function read(): ConfigFile {
  const path = configPath();
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as ConfigFile;
  } catch {
    return {};
  }
}

function write(config: ConfigFile): void {
  const path = configPath();
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(`${path}.tmp`, `${JSON.stringify(config, null, '\t')}\n`, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

/** `https://host/`, `host` → the key Docker writes: the bare host, Docker Hub's index URL. */
export function serverKey(server: string | undefined): string {
  if (!server) return DOCKER_HUB_KEY;
  const host = server.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  return ['docker.io', 'index.docker.io', 'registry-1.docker.io'].includes(host) ? DOCKER_HUB_KEY : host;
}

/** The registry key of an image reference (`127.0.0.1:5000/alice/bb` → `127.0.0.1:5000`). */
export function serverOfImage(image: string): string {
  return serverKey(parseReference(image).domain);
}

export function getAuth(key: string): AuthConfig | undefined {
  const entry = read().auths?.[key];
  if (!entry) return undefined;
  const [username, ...rest] = Buffer.from(entry.auth ?? '', 'base64').toString('utf8').split(':');
  const password = rest.join(':');
  return { username: username || undefined, password: entry.identitytoken ? undefined : password || undefined, identitytoken: entry.identitytoken, serveraddress: key };
}

export function saveAuth(key: string, auth: AuthConfig): void {
  const config = read();
  config.auths ??= {};
  config.auths[key] = auth.identitytoken
    ? { auth: Buffer.from(`${auth.username ?? ''}:`).toString('base64'), identitytoken: auth.identitytoken }
    : { auth: Buffer.from(`${auth.username ?? ''}:${auth.password ?? ''}`).toString('base64') };
  write(config);
}

export function removeAuth(key: string): boolean {
  const config = read();
  if (!config.auths?.[key]) return false;
  delete config.auths[key];
  write(config);
  return true;
}

/** The X-Registry-Auth header for an image's registry (base64url JSON, as Docker's CLI sends). */
export function registryAuthHeader(image: string): Record<string, string> {
  const auth = getAuth(serverOfImage(image));
  if (!auth) return {};
  return { 'X-Registry-Auth': Buffer.from(JSON.stringify(auth)).toString('base64url') };
}
