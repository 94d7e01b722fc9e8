/** Everything a request handler needs, wired once by openHub(). */
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { openMetadataStore, type MetadataStore } from './metadata/metadata-store.js';
import { Repos } from './metadata/repos.js';
import { Users } from './metadata/users.js';
import { AccessPolicy } from './auth/access.js';
import { TokenService } from './auth/token-service.js';
import { BlobStore } from './registry/blob-store.js';
import { RegistryReadCache } from './registry/read-cache.js';
import { openStorageDriver } from './storage/open-storage.js';
import type { StorageDriver } from './storage/storage-driver.js';
import { UploadSessions } from './metadata/uploads.js';
import { Webhooks } from './api/webhooks.js';
import { Orgs } from './metadata/orgs.js';
import { Catalog } from './metadata/catalog.js';
import { Stars } from './metadata/stars.js';
import { Collaborators } from './metadata/collaborators.js';
import { Sessions } from './metadata/sessions.js';
import { LoginGuard, type GuardLimits } from './auth/login-guard.js';
import { ImageViews } from './images/image-views.js';

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
  /** An upload with no new bytes for this long is deleted (default 3600 s; Distribution's is a week). */
  uploadTtlSeconds?: number;
  /** Brute-force limits of the login guard (auth/login-guard.ts). */
  guardLimits?: Partial<GuardLimits>;
  /** Deliver webhooks to loopback and private addresses too (default: public addresses only). */
  webhookAllowPrivate?: boolean;
  /** Peers whose X-Forwarded-For names the client (a load balancer); see auth/credentials.ts. */
  trustedProxies?: string[];
}

export interface Hub {
  config: Required<HubConfig>;
  store: MetadataStore;
  driver: StorageDriver;
  users: Users;
  repos: Repos;
  /** The manifest and blob GETs' reads, cached while the store tells every change (registry/read-cache.ts). */
  reads: RegistryReadCache;
  orgs: Orgs;
  catalog: Catalog;
  stars: Stars;
  collaborators: Collaborators;
  sessions: Sessions;
  guard: LoginGuard;
  images: ImageViews;
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
    uploadTtlSeconds: config.uploadTtlSeconds ?? 3600,
    guardLimits: config.guardLimits ?? {},
    webhookAllowPrivate: config.webhookAllowPrivate ?? false,
    trustedProxies: config.trustedProxies ?? [],
  };
  // Everything under the data root is the hub's alone (hashes, keys, private images).
  mkdirSync(config.dataRoot, { recursive: true, mode: 0o700 });
  const store = await openMetadataStore(full.database, config.dataRoot);
  const driver = full.driver;
  const users = new Users(store);
  const repos = new Repos(store);
  const orgs = new Orgs(store, users);
  const collaborators = new Collaborators(store);
  const blobs = new BlobStore(driver, repos, store, new UploadSessions(store));
  return {
    config: full,
    store,
    driver,
    users,
    repos,
    reads: new RegistryReadCache(repos, store.changes, (digest) => blobs.size(digest)),
    orgs,
    catalog: new Catalog(store),
    stars: new Stars(store),
    collaborators,
    sessions: new Sessions(store),
    guard: new LoginGuard(store, full.guardLimits),
    images: new ImageViews(store, blobs, repos),
    blobs,
    tokens: await TokenService.open(store, config.dataRoot, full.service),
    policy: new AccessPolicy(users, repos, orgs, collaborators),
    webhooks: new Webhooks(store, full.log, full.webhookAllowPrivate),
    close: async () => { await repos.close().catch(() => {}); await store.close(); },
  };
}
