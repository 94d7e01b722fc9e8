/** Everything a request handler needs, wired once by openHub(). */
import { join } from 'node:path';
import { openDb, type Db } from './metadata/db.js';
import { Repos } from './metadata/repos.js';
import { Users } from './metadata/users.js';
import { AccessPolicy } from './auth/access.js';
import { TokenService } from './auth/token-service.js';
import { BlobStore } from './registry/blob-store.js';
import { FsStorageDriver } from './storage/fs-storage-driver.js';
import type { StorageDriver } from './storage/storage-driver.js';
import { Webhooks } from './api/webhooks.js';

export interface HubConfig {
  dataRoot: string;
  /** How clients reach the hub (the token realm is `${publicUrl}/token`). */
  publicUrl: string;
  /** The `service` of tokens; defaults to the public URL's host. */
  service?: string;
  log?: (msg: string) => void;
}

export interface Hub {
  config: Required<HubConfig>;
  db: Db;
  driver: StorageDriver;
  users: Users;
  repos: Repos;
  blobs: BlobStore;
  tokens: TokenService;
  policy: AccessPolicy;
  webhooks: Webhooks;
  close(): void;
}

export async function openHub(config: HubConfig): Promise<Hub> {
  const full: Required<HubConfig> = {
    ...config,
    publicUrl: config.publicUrl.replace(/\/+$/, ''),
    service: config.service ?? new URL(config.publicUrl).host,
    log: config.log ?? ((m) => process.stderr.write(`${m}\n`)),
  };
  const db = openDb(config.dataRoot);
  const driver = new FsStorageDriver(join(config.dataRoot, 'storage'));
  const users = new Users(db);
  const repos = new Repos(db);
  return {
    config: full,
    db,
    driver,
    users,
    repos,
    blobs: new BlobStore(driver, repos),
    tokens: await TokenService.open(config.dataRoot, full.service),
    policy: new AccessPolicy(users, repos),
    webhooks: new Webhooks(db, full.log),
    close: () => { repos.close(); db.close(); },
  };
}
