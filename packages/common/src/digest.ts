/** `sha256:<64 hex>` content digests and 64-hex ids, as OCI and Docker write them. */
const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;
const ID_RE = /^[a-f0-9]{64}$/;

export function isDigest(s: string): boolean {
  return DIGEST_RE.test(s);
}

export function isFullId(s: string): boolean {
  return ID_RE.test(s);
}

/** The hex part of a digest (`sha256:abc` → `abc`); ids pass through. */
export function digestHex(digest: string): string {
  return digest.startsWith('sha256:') ? digest.slice(7) : digest;
}

/** Docker's 12-character short form of an id or digest. */
export function shortId(idOrDigest: string): string {
  return digestHex(idOrDigest).slice(0, 12);
}
