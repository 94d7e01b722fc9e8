/** Everything a request handler needs, wired once by openHub(). */
import { hostname } from 'node:os';
import { openMetadataStore, type MetadataStore } from './metadata/metadata-store.js';
import { Repos } from './metadata/repos.js';
import { Users } from './metadata/users.js';
import { AccessPolicy } from './auth/access.js';
import { TokenService } from './auth/token-service.js';
import { BlobStore } from './registry/blob-store.js';
import { openStorageDriver } from './storage/open-storage.js';
import type { StorageDriver } from './storage/storage-driver.js';
import { UploadSessions } from './metadata/uploads.js';
import { Webhooks } from './api/webhooks.js';

export interface HubConfig {
  dataRoot: string;
  /** How clients reach the hub (the token realm is `${publicUrl}/token`). */
  publicUrl: string;
  /** The `service` of tokens; defaults to the public URL's host. */
  service?: string;
  /** Metadata: `sqlite:` (default, hub.db under dataRoot) or `postgres://...` (see openMetadataStore). */
  database?: string;
  /** Blob storage: `--storage` (a directory or s3://BUCKET?...; default dataRoot/storage), or a driver. */
  storage?: string;
  driver?: StorageDriver;
  /** Blob GETs answer with a redirect to the storage's own URL (S3: presigned). */
  storageRedirect?: boolean;
  /** This node's name in logs and GC runs (default: host name and PID). */
  nodeName?: string;
  log?: (msg: string) => void;
}

export interface Hub {
  config: Required<HubConfig>;
  store: MetadataStore;
  driver: StorageDriver;
  users: Users;
  repos: Repos;
  blobs: BlobStore;
  tokens: TokenService;
  policy: AccessPolicy;
  webhooks: Webhooks;
  close(): Promise<void>;
}

export async function openHub(config: HubConfig): Promise<Hub> {
  const full: Required<HubConfig> = {
    ...config,
    database: config.database ?? 'sqlite:',
    storage: config.storage ?? '',
    driver: config.driver ?? await openStorageDriver(config.storage, config.dataRoot),
    storageRedirect: config.storageRedirect ?? false,
    nodeName: config.nodeName ?? `${hostname()}:${process.pid}`,
    publicUrl: config.publicUrl.replace(/\/+$/, ''),
    service: config.service ?? new URL(config.publicUrl).host,
    log: config.log ?? ((m) => process.stderr.write(`${m}\n`)),
  };
  const store = await openMetadataStore(full.database, config.dataRoot);
  const driver = full.driver;
  const users = new Users(store);
  const repos = new Repos(store);
  return {
    config: full,
    store,
    driver,
    users,
    repos,
    blobs: new BlobStore(driver, repos, store, new UploadSessions(store)),
    tokens: await TokenService.open(store, config.dataRoot, full.service),
    policy: new AccessPolicy(users, repos),
    webhooks: new Webhooks(store, full.log),
    close: async () => { await repos.close().catch(() => {}); await store.close(); },
  };
}
