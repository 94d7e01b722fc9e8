/**
 * The hub's layout inside its storage driver, drawn once:
 *
 *   blobs/sha256/<hh>/<hex>/data       every blob (layers, configs, manifests),
 *                                      named by digest, shared by all repositories
 *   uploads/<uuid>/data                an upload in progress; moved into blobs/
 *                                      only after its digest is verified (its
 *                                      session, the driver's WriteState, is kept
 *                                      in the metadata store: metadata/uploads.ts);
 *                                      deleted when idle for --upload-ttl
 *   uploads/<uuid>/data.tail-<random>  S3 only: the bytes of an upload not yet
 *                                      in a part (s3-storage-driver.ts)
 *
 * Which repository may see which blob, tags and manifests live in the
 * metadata store (metadata/metadata-store.ts); the storage only holds bytes.
 */
import { digestHex, isDigest } from '@quai/common';
import { RegistryError } from '../registry/errcode.js';

const UUID_RE = /^[a-f0-9-]{36}$/;

export function blobDataPath(digest: string): string {
  const hex = isDigest(digest) ? digestHex(digest) : undefined;
  if (!hex) throw new RegistryError('DIGEST_INVALID', `invalid digest: ${digest}`);
  return `blobs/sha256/${hex.slice(0, 2)}/${hex}/data`;
}

export const UPLOADS_DIR = 'uploads';

export function uploadDir(uuid: string): string {
  if (!UUID_RE.test(uuid)) throw new RegistryError('BLOB_UPLOAD_UNKNOWN');
  return `${UPLOADS_DIR}/${uuid}`;
}

export function uploadDataPath(uuid: string): string {
  return `${uploadDir(uuid)}/data`;
}
