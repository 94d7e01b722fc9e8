/**
 * The storage driver contract against a real S3 store: Ceph's radosgw as
 * scripts/hub-cluster.sh starts it (the `cluster` tier of scripts/test.sh
 * exports QUAI_CLUSTER_S3 and the AWS credentials). Small parts and list
 * pages, so multipart uploads and pagination are at work on little data.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseS3Url, S3StorageDriver, MIN_PART } from './s3-storage-driver.js';
import { storageDriverSuite } from './storage-driver.suite.js';

const spec = process.env.QUAI_CLUSTER_S3;
if (!spec) throw new Error('QUAI_CLUSTER_S3 is not set: run this through scripts/test.sh (TEST_TIERS=cluster), which starts Ceph with scripts/hub-cluster.sh');

storageDriverSuite('s3 on ceph radosgw', async () => {
  const opts = { ...parseS3Url(spec), partSize: MIN_PART, listPageSize: 10 };
  return { driver: new S3StorageDriver(opts), partSize: MIN_PART, listPageSize: 10, cleanup: async () => {} };
});

describe('s3://BUCKET storage URLs', () => {
  it('take endpoint, region and partsize, and refuse anything else', () => {
    assert.deepEqual(parseS3Url('s3://hub?endpoint=http://127.0.0.1:7480&region=eu-west-1&partsize=16'),
      { bucket: 'hub', endpoint: 'http://127.0.0.1:7480', region: 'eu-west-1', partSize: 16 * 1024 * 1024 });
    assert.throws(() => parseS3Url('s3://hub?endpoint=ftp://x'), /endpoint must be http/);
    assert.throws(() => parseS3Url('s3://hub?partsize=1'), /partsize is MiB from 5/);
    assert.throws(() => parseS3Url('s3://hub/some/path'), /a bucket has no path/);
    assert.throws(() => parseS3Url('s3://hub?secret=x'), /unknown parameter secret/);
  });

  it('fail a hub at start with a clear message when the bucket is not there', async () => {
    const driver = new S3StorageDriver({ ...parseS3Url(spec), bucket: 'no-such-bucket-here' });
    await assert.rejects(driver.check(), /no-such-bucket-here.*NoSuchBucket/);
  });
});
