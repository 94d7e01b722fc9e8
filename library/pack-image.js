#!/usr/bin/env node
// Writes the contents of a `docker save` archive, as Docker 25+ lays it out
// (an OCI image layout plus the legacy manifest.json and repositories), into
// an empty directory. The caller tars that directory.
//
//   node pack-image.js --layer layer.tar --image image.json --created EPOCH --out DIR
//
//   DIR/oci-layout                  {"imageLayoutVersion":"1.0.0"}
//   DIR/index.json                  OCI index → manifest, annotated with the name
//   DIR/blobs/sha256/<layer>        uncompressed layer tar (digest = diffId)
//   DIR/blobs/sha256/<config>       image config (its digest is the image id)
//   DIR/blobs/sha256/<manifest>     OCI image manifest
//   DIR/manifest.json               [{Config, RepoTags, Layers}] for older loaders
//   DIR/repositories                {repo: {tag: <top layer hex>}}
//
// Every JSON document is written once, byte for byte what is hashed, so the
// same inputs always give the same image id.
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, readFileSync, writeFileSync, copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    layer: { type: 'string' },
    image: { type: 'string' },
    created: { type: 'string' },
    out: { type: 'string' },
  },
});
for (const k of ['layer', 'image', 'created', 'out']) {
  if (!args[k]) throw new Error(`pack-image: --${k} is required`);
}

const image = JSON.parse(readFileSync(args.image, 'utf8'));
const created = new Date(Number(args.created) * 1000).toISOString().replace('.000Z', 'Z');
const blobs = join(args.out, 'blobs', 'sha256');
mkdirSync(blobs, { recursive: true });

async function sha256File(path) {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk);
  return h.digest('hex');
}

/** Stores bytes as a blob and returns its descriptor fields. */
function putJson(value) {
  const bytes = Buffer.from(JSON.stringify(value));
  const hex = createHash('sha256').update(bytes).digest('hex');
  writeFileSync(join(blobs, hex), bytes);
  return { hex, digest: `sha256:${hex}`, size: bytes.length };
}

const layerHex = await sha256File(args.layer);
copyFileSync(args.layer, join(blobs, layerHex));
const layer = {
  mediaType: 'application/vnd.oci.image.layer.v1.tar',
  digest: `sha256:${layerHex}`,
  size: statSync(args.layer).size,
};

const config = putJson({
  architecture: image.architecture ?? 'amd64',
  config: image.config,
  created,
  history: image.history.map((h) => ({ created, ...h })),
  os: image.os ?? 'linux',
  rootfs: { type: 'layers', diff_ids: [layer.digest] },
});

const manifest = putJson({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config.digest, size: config.size },
  layers: [layer],
});

const repo = image.repository;
const fullName = repo.includes('/') ? `docker.io/${repo}` : `docker.io/library/${repo}`;
const index = {
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.index.v1+json',
  manifests: image.tags.map((tag) => ({
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: manifest.digest,
    size: manifest.size,
    annotations: {
      'io.containerd.image.name': `${fullName}:${tag}`,
      'org.opencontainers.image.ref.name': tag,
    },
  })),
};

writeFileSync(join(args.out, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
writeFileSync(join(args.out, 'index.json'), JSON.stringify(index));
writeFileSync(join(args.out, 'manifest.json'), JSON.stringify([{
  Config: `blobs/sha256/${config.hex}`,
  RepoTags: image.tags.map((tag) => `${repo}:${tag}`),
  Layers: [`blobs/sha256/${layerHex}`],
}]));
writeFileSync(join(args.out, 'repositories'), JSON.stringify({
  [repo]: Object.fromEntries(image.tags.map((tag) => [tag, layerHex])),
}));
process.stdout.write(`${config.digest}\n`);
