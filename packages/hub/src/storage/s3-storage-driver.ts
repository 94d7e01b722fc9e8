/**
 * StorageDriver on an S3 bucket (AWS, or any S3-compatible store: Ceph's
 * radosgw, MinIO), through the AWS SDK v3. Objects are keyed by the hub's
 * paths (storage/paths.ts), so a bucket reads like the filesystem driver's
 * directory.
 *
 * A write in pieces is one multipart upload at its path. S3 wants every
 * part but the last to hold at least 5 MiB, and a client's chunk may be
 * any size, so bytes gather into parts of `partSize`; what is left at the
 * end of a request, if under 5 MiB, waits as a small object beside the
 * path (`<path>.tail-<random>`) and leads the next write. Its state:
 *
 *   { path, size, uploadId?, parts: [{ n, etag, size }], tail?: { key, size } }
 *
 * The multipart upload starts only with the first full part: a small blob
 * is one PutObject. finishWrite sends the last part and completes the
 * upload (CompleteMultipartUpload), so the path reads as the whole; the
 * hub then verifies the digest and copies it under blobs/ (move): the
 * blob's key only ever holds a whole, verified object.
 *
 * Credentials come from the AWS SDK's usual chain: AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY, or a shared credentials file (AWS_PROFILE,
 * AWS_SHARED_CREDENTIALS_FILE).
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CopyObjectCommand, CreateMultipartUploadCommand,
  DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand,
  ListObjectsV2Command, PutObjectCommand, S3Client, UploadPartCommand, UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ByteSource, StatInfo, StorageDriver, WriteOptions, WriteState } from './storage-driver.js';

// quai runs on Node 20 on purpose; the SDK's notice about Node 22 is not for the hub's log.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const MiB = 1024 * 1024;
/** S3's smallest part (all but the last). */
export const MIN_PART = 5 * MiB;
/** S3's largest single CopyObject; larger objects are copied in parts. */
const MAX_COPY = 5 * 1024 * MiB;
const COPY_PART = 1024 * MiB;
/** Parts being sent while the next one fills. */
const PARTS_IN_FLIGHT = 2;

export interface S3Options {
  bucket: string;
  /** Another store than AWS: `http://127.0.0.1:7480`. Path-style addressing then. */
  endpoint?: string;
  region?: string;
  /** Bytes per part of a multipart upload (default 8 MiB, at least 5 MiB). */
  partSize?: number;
  /** Keys per list request (S3's maximum and default: 1000). */
  listPageSize?: number;
  /** Fixed credentials (tests); otherwise the SDK's chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * `s3://BUCKET?endpoint=http://127.0.0.1:7480&region=us-east-1&partsize=16`
 * (partsize in MiB). Only these parameters are known; another is an error.
 */
export function parseS3Url(spec: string): S3Options {
  const url = new URL(spec);
  if (url.protocol !== 's3:' || !url.hostname) throw new Error(`--storage ${spec}: expected s3://BUCKET?endpoint=...&region=...`);
  if (url.pathname && url.pathname !== '/') throw new Error(`--storage ${spec}: a bucket has no path (s3://BUCKET)`);
  const opts: S3Options = { bucket: url.hostname };
  for (const [key, value] of url.searchParams) {
    if (key === 'endpoint') {
      if (!/^https?:\/\/[^/]+\/?$/.test(value)) throw new Error(`--storage: endpoint must be http(s)://host[:port], not ${value}`);
      opts.endpoint = value.replace(/\/$/, '');
    } else if (key === 'region') {
      opts.region = value;
    } else if (key === 'partsize') {
      const mib = Number(value);
      if (!Number.isInteger(mib) || mib < 5 || mib > 5120) throw new Error(`--storage: partsize is MiB from 5 to 5120, not ${value}`);
      opts.partSize = mib * MiB;
    } else {
      throw new Error(`--storage: unknown parameter ${key} (endpoint, region, partsize)`);
    }
  }
  return opts;
}

interface Part { n: number; etag: string; size: number }
interface S3WriteState extends WriteState {
  uploadId?: string;
  parts: Part[];
  tail?: { key: string; size: number };
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}

export class S3StorageDriver implements StorageDriver {
  readonly description: string;
  private readonly s3: S3Client;
  private readonly bucket: string;
  private readonly partSize: number;
  private readonly pageSize: number;

  constructor(opts: S3Options) {
    this.bucket = opts.bucket;
    this.partSize = Math.max(MIN_PART, opts.partSize ?? 8 * MiB);
    this.pageSize = opts.listPageSize ?? 1000;
    this.description = `s3 bucket ${opts.bucket}${opts.endpoint ? ` at ${opts.endpoint}` : ''}`;
    this.s3 = new S3Client({
      region: opts.region ?? process.env.AWS_REGION ?? 'us-east-1',
      ...(opts.endpoint ? { endpoint: opts.endpoint, forcePathStyle: true } : {}),
      ...(opts.credentials ? { credentials: opts.credentials } : {}),
      // Checksums only where S3 requires them: S3-compatible stores do not all know the newer ones.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    // The hub verifies every blob's digest itself: hashing each part once more to sign it is waste.
    this.s3.middlewareStack.add((next) => (args) => {
      const request = args.request as { headers?: Record<string, string> };
      if (request.headers) request.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
      return next(args);
    }, { step: 'build', name: 'quaiUnsignedPayload' });
  }

  /** Fails with a clear message when the bucket cannot be reached (start-up check, readiness). */
  async check(): Promise<void> {
    try {
      await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, MaxKeys: 1 }));
    } catch (err) {
      throw new Error(`${this.description}: ${(err as Error).name}: ${(err as Error).message}`);
    }
  }

  async stat(path: string): Promise<StatInfo | undefined> {
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: path }));
      return { size: head.ContentLength ?? 0, modified: head.LastModified ?? new Date(0) };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async getContent(path: string): Promise<Buffer> {
    const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: path }));
    return Buffer.from(await res.Body!.transformToByteArray());
  }

  async putContent(path: string, data: Buffer): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: path, Body: data, ContentLength: data.length }));
  }

  async reader(path: string, range?: { start: number; end?: number }): Promise<Readable> {
    const res = await this.s3.send(new GetObjectCommand({
      Bucket: this.bucket, Key: path, ...(range ? { Range: `bytes=${range.start}-${range.end ?? ''}` } : {}),
    }));
    return res.Body as Readable;
  }

  async move(from: string, to: string): Promise<void> {
    const st = await this.stat(from);
    if (!st) throw new Error(`move: no object ${from}`);
    if (st.size <= MAX_COPY) {
      await this.s3.send(new CopyObjectCommand({ Bucket: this.bucket, Key: to, CopySource: this.copySource(from) }));
    } else {
      await this.copyInParts(from, to, st.size);
    }
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: from }));
  }

  private copySource(key: string): string {
    return `${this.bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
  }

  private async copyInParts(from: string, to: string, size: number): Promise<void> {
    const { UploadId } = await this.s3.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: to }));
    try {
      const parts = [];
      for (let start = 0, n = 1; start < size; start += COPY_PART, n++) {
        const end = Math.min(size, start + COPY_PART) - 1;
        const res = await this.s3.send(new UploadPartCopyCommand({
          Bucket: this.bucket, Key: to, UploadId, PartNumber: n, CopySource: this.copySource(from), CopySourceRange: `bytes=${start}-${end}`,
        }));
        parts.push({ PartNumber: n, ETag: res.CopyPartResult!.ETag! });
      }
      await this.s3.send(new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: to, UploadId, MultipartUpload: { Parts: parts } }));
    } catch (err) {
      await this.s3.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: to, UploadId })).catch(() => {});
      throw err;
    }
  }

  async delete(path: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: path }));
    let token: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: `${path}/`, ContinuationToken: token, MaxKeys: this.pageSize }));
      const keys = (page.Contents ?? []).map((c) => ({ Key: c.Key! }));
      if (keys.length) await this.s3.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys, Quiet: true } }));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async list(dir: string): Promise<string[]> {
    const prefix = `${dir.replace(/\/+$/, '')}/`;
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({
        Bucket: this.bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token, MaxKeys: this.pageSize,
      }));
      for (const p of page.CommonPrefixes ?? []) names.push(p.Prefix!.slice(prefix.length, -1));
      for (const c of page.Contents ?? []) names.push(c.Key!.slice(prefix.length));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return names.sort();
  }

  redirectUrl(path: string, expiresSeconds: number): Promise<string> {
    return getSignedUrl(this.s3, new GetObjectCommand({ Bucket: this.bucket, Key: path }), { expiresIn: expiresSeconds });
  }

  async startWrite(path: string): Promise<WriteState> {
    const state: S3WriteState = { path, size: 0, parts: [] };
    return state;
  }

  write(state: WriteState, source: ByteSource, opts: WriteOptions = {}): Promise<WriteState> {
    return this.send(state as S3WriteState, source, opts, false).then((r) => r.state);
  }

  async finishWrite(state: WriteState, source: ByteSource = [], opts: WriteOptions = {}): Promise<string> {
    return (await this.send(state as S3WriteState, source, opts, true)).readable!;
  }

  async abortWrite(state: WriteState): Promise<void> {
    const { uploadId } = state as S3WriteState;
    if (!uploadId) return;
    try {
      await this.s3.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: state.path, UploadId: uploadId }));
    } catch (err) {
      if ((err as { name?: string }).name !== 'NoSuchUpload') throw err;
    }
  }

  async expireWrites(olderThan: Date, isLive: (path: string) => Promise<boolean>): Promise<number> {
    let expired = 0;
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    for (;;) {
      const page = await this.s3.send(new ListMultipartUploadsCommand({
        Bucket: this.bucket, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker, MaxUploads: this.pageSize,
      }));
      for (const u of page.Uploads ?? []) {
        if (!u.Initiated || u.Initiated >= olderThan || (await isLive(u.Key!))) continue;
        await this.abortWrite({ path: u.Key!, size: 0, uploadId: u.UploadId });
        expired++;
      }
      if (!page.IsTruncated) return expired;
      keyMarker = page.NextKeyMarker;
      uploadIdMarker = page.NextUploadIdMarker;
    }
  }

  /**
   * Sends `source` after what `state` holds, in parts of `partSize`. Not
   * final: bytes left under 5 MiB become the new tail object. Final: they
   * are the last part (or, when no part was sent, the whole object).
   */
  private async send(state: S3WriteState, source: ByteSource, opts: WriteOptions, final: boolean): Promise<{ state: S3WriteState; readable?: string }> {
    let uploadId = state.uploadId;
    const parts = [...state.parts];
    const inFlight: Array<Promise<void>> = [];
    let failure: unknown;
    let size = state.size;
    // A part's buffer is filled again once it is sent: a few buffers per write, not one per part
    // (each new one is external memory that brings V8's full collections sooner).
    const spare: Buffer[] = [];
    let buf: Buffer = Buffer.allocUnsafe(this.partSize);
    let fill = 0;

    const sendPart = async (bytes: Buffer): Promise<void> => {
      uploadId ??= (await this.s3.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: state.path }))).UploadId!;
      const part: Part = { n: parts.length + 1, etag: '', size: bytes.length };
      parts.push(part);
      const sending = this.s3.send(new UploadPartCommand({
        Bucket: this.bucket, Key: state.path, UploadId: uploadId, PartNumber: part.n, Body: bytes, ContentLength: bytes.length,
      })).then((res) => { part.etag = res.ETag!; }, (err: unknown) => { failure ??= err; })
        .finally(() => { if (bytes.length === this.partSize) spare.push(bytes); });
      inFlight.push(sending);
      if (inFlight.length >= PARTS_IN_FLIGHT) await inFlight.shift();
      if (failure) throw failure;
    };

    try {
      if (state.tail) {
        const tail = await this.getContent(state.tail.key);
        if (tail.length !== state.tail.size) throw new Error(`upload ${state.path}: tail holds ${tail.length} bytes, not ${state.tail.size}`);
        tail.copy(buf);
        fill = tail.length;
      }
      for await (const chunk of source) {
        opts.onData?.(chunk);
        size += chunk.length;
        for (let off = 0; off < chunk.length;) {
          const n = Math.min(this.partSize - fill, chunk.length - off);
          chunk.copy(buf, fill, off, off + n);
          fill += n;
          off += n;
          if (fill === this.partSize) {
            const full = buf;
            buf = spare.pop() ?? Buffer.allocUnsafe(this.partSize);
            fill = 0;
            await sendPart(full);
          }
        }
      }
      if (!final && size === state.size) return { state };
      const rest = buf.subarray(0, fill);
      let tail: S3WriteState['tail'];
      let readable: string | undefined;
      if (final && !uploadId) {
        // Never a full part: the whole object in one request (or the tail, as it is).
        if (state.tail && size === state.tail.size) {
          readable = state.tail.key;
        } else {
          await this.putContent(state.path, rest);
          readable = state.path;
        }
      } else if (fill >= MIN_PART || (final && fill > 0)) {
        await sendPart(Buffer.from(rest));
      } else if (fill > 0) {
        tail = { key: `${state.path}.tail-${randomBytes(6).toString('hex')}`, size: fill };
        await this.putContent(tail.key, Buffer.from(rest));
      }
      await Promise.all(inFlight);
      if (failure) throw failure;
      if (final && uploadId) {
        await this.s3.send(new CompleteMultipartUploadCommand({
          Bucket: this.bucket, Key: state.path, UploadId: uploadId,
          MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.n, ETag: p.etag })) },
        }));
        readable = state.path;
      }
      return { state: { path: state.path, size, ...(uploadId ? { uploadId } : {}), parts, ...(tail ? { tail } : {}) }, readable };
    } finally {
      // A failure half way: let the parts already sent settle before the caller moves on.
      await Promise.allSettled(inFlight);
    }
  }
}
