#!/usr/bin/env node
// Writes the contents of a `docker save` archive, as Docker 25+ lays it out
// (an OCI image layout plus the legacy manifest.json and repositories), into
// an empty directory. The caller tars that directory.
//
//   node pack-image.js --image NAME/image.json [--base DIR --package-version V]
//                      --layer layer.tar [--layer ...] --created EPOCH --out DIR
//
//   --base DIR   the base's archive, extracted: its layers come first, byte for
//                byte, and its config and history are inherited (as FROM does)
//   --package-version   the Debian version of image.json's `versionOf`
//                package, for the {version} {minor} {major} {debian} placeholders
//                in `tags` and `config` (e.g. 1:1.22.1-9+deb12u1 → 1.22.1, 1.22, 1, the whole)
//
//   DIR/oci-layout                  {"imageLayoutVersion":"1.0.0"}
//   DIR/index.json                  OCI index → manifest, annotated with each tag
//   DIR/blobs/sha256/<layer>        uncompressed layer tars (digest = diffId)
//   DIR/blobs/sha256/<config>       image config (its digest is the image id)
//   DIR/blobs/sha256/<manifest>     OCI image manifest
//   DIR/manifest.json               [{Config, RepoTags, Layers}] for older loaders
//   DIR/repositories                {repo: {tag: <top layer hex>}}
//
// The history says how each layer was made, in Dockerfile words: a root
// image's `createdBy`; a derived image's ENV, the RUN of its packages, the COPY
// of its files, then its other config (EXPOSE, VOLUME, ENTRYPOINT, CMD ...).
// Every JSON document is written once, byte for byte what is hashed, so the
// same inputs always give the same image id.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync, copyFileSync, statSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    image: { type: 'string' },
    base: { type: 'string' },
    'package-version': { type: 'string' },
    layer: { type: 'string', multiple: true },
    created: { type: 'string' },
    out: { type: 'string' },
  },
});
for (const k of ['image', 'layer', 'created', 'out']) {
  if (!args[k]) throw new Error(`pack-image: --${k} is required`);
}

const definition = dirname(args.image);
const image = substitute(JSON.parse(readFileSync(args.image, 'utf8')), placeholders(args['package-version']));
image.tags = [...new Set(image.tags)]; // {version} and {minor} can be the same (15.20)
const created = new Date(Number(args.created) * 1000).toISOString().replace('.000Z', 'Z');
const blobs = join(args.out, 'blobs', 'sha256');
mkdirSync(blobs, { recursive: true });

/** {version} {minor} {major} {debian} from a Debian version such as 5:7.0.15-1~deb12u1. */
function placeholders(debian) {
  if (!debian) return {};
  const upstream = debian.replace(/^\d+:/, '').replace(/-[^-]*$/, '').replace(/[+~].*$/, '');
  const parts = upstream.split('.');
  return { debian, version: upstream, minor: parts.slice(0, 2).join('.'), major: parts[0] };
}

function substitute(value, vars) {
  if (typeof value === 'string') {
    return value.replace(/\{(debian|version|minor|major)\}/g, (m, k) => {
      if (vars[k] === undefined) throw new Error(`pack-image: ${m} needs --package-version`);
      return vars[k];
    });
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars)]));
  return value;
}

async function sha256File(path) {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk);
  return h.digest('hex');
}

/** Stores a JSON document as a blob and returns its descriptor fields. */
function putJson(value) {
  const bytes = Buffer.from(JSON.stringify(value));
  const hex = createHash('sha256').update(bytes).digest('hex');
  writeFileSync(join(blobs, hex), bytes);
  return { hex, digest: `sha256:${hex}`, size: bytes.length };
}

/** Copies a layer tar into the blobs and returns its descriptor. */
async function putLayer(path) {
  const hex = await sha256File(path);
  copyFileSync(path, join(blobs, hex));
  return { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: `sha256:${hex}`, size: statSync(path).size };
}

/** The base's config and layer paths, from its extracted archive. */
function readBase(dir) {
  const [entry] = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  return { config: JSON.parse(readFileSync(join(dir, entry.Config), 'utf8')), layers: entry.Layers.map((l) => join(dir, l)) };
}

/** FROM's inheritance: the base's config with the image's on top; Env merged by name. */
function mergeConfig(base, own) {
  const env = new Map();
  for (const e of [...(base.Env ?? []), ...(own.Env ?? [])]) env.set(e.split('=')[0], e);
  const merged = { ...base, ...own, Env: [...env.values()] };
  // As in a Dockerfile, a new ENTRYPOINT drops the base's CMD.
  if (own.Entrypoint && !own.Cmd) delete merged.Cmd;
  return merged;
}

/** The Dockerfile lines a derived image's definition stands for. */
function derivedHistory(config, layerCount) {
  const json = (v) => JSON.stringify(v);
  const env = (config.Env ?? []).map((e) => ({ created_by: `ENV ${e}`, empty_layer: true }));
  const steps = [
    existsSync(join(definition, 'pre-install.sh')) && 'pre-install.sh',
    `apt-get install -y --no-install-recommends ${image.packages.join(' ')}`,
    existsSync(join(definition, 'configure.sh')) && 'configure.sh',
  ].filter(Boolean);
  const layers = [{ created_by: `RUN ${steps.join(' && ')} # library/${image.repository}` }];
  if (layerCount > 1) {
    const files = listFiles(join(definition, 'files'));
    layers.push({ created_by: `COPY files/ / # ${files.join(' ')}` });
  }
  const rest = [];
  if (config.ExposedPorts) rest.push(`EXPOSE ${Object.keys(config.ExposedPorts).join(' ')}`);
  if (config.Volumes) rest.push(`VOLUME ${json(Object.keys(config.Volumes))}`);
  if (config.WorkingDir) rest.push(`WORKDIR ${config.WorkingDir}`);
  if (config.User) rest.push(`USER ${config.User}`);
  if (config.StopSignal) rest.push(`STOPSIGNAL ${config.StopSignal}`);
  if (config.Entrypoint) rest.push(`ENTRYPOINT ${json(config.Entrypoint)}`);
  if (config.Cmd) rest.push(`CMD ${json(config.Cmd)}`);
  return [...env, ...layers, ...rest.map((created_by) => ({ created_by, empty_layer: true }))];
}

function listFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => `/${relative(dir, join(d.parentPath ?? d.path, d.name))}`)
    .sort();
}

const base = args.base ? readBase(args.base) : undefined;
const layers = [];
for (const path of [...(base?.layers ?? []), ...args.layer]) layers.push(await putLayer(path));

let config, history;
if (base) {
  if (image.base === undefined || !Array.isArray(image.packages)) throw new Error('pack-image: --base needs an image.json with base and packages');
  config = mergeConfig(base.config.config ?? {}, image.config ?? {});
  history = [...base.config.history, ...derivedHistory(image.config ?? {}, args.layer.length).map((h) => ({ created, ...h }))];
} else {
  config = image.config;
  const own = [{ created_by: image.createdBy }];
  if (config.Cmd) own.push({ created_by: `CMD ${JSON.stringify(config.Cmd)}`, empty_layer: true });
  history = own.map((h) => ({ created, ...h }));
}

const configBlob = putJson({
  architecture: base?.config.architecture ?? 'amd64',
  config,
  created,
  history,
  os: base?.config.os ?? 'linux',
  rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
});

const manifest = putJson({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configBlob.digest, size: configBlob.size },
  layers,
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

const hexOf = (l) => l.digest.replace('sha256:', '');
writeFileSync(join(args.out, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
writeFileSync(join(args.out, 'index.json'), JSON.stringify(index));
writeFileSync(join(args.out, 'manifest.json'), JSON.stringify([{
  Config: `blobs/sha256/${configBlob.hex}`,
  RepoTags: image.tags.map((tag) => `${repo}:${tag}`),
  Layers: layers.map((l) => `blobs/sha256/${hexOf(l)}`),
}]));
writeFileSync(join(args.out, 'repositories'), JSON.stringify({
  [repo]: Object.fromEntries(image.tags.map((tag) => [tag, hexOf(layers.at(-1))])),
}));
process.stdout.write(`${configBlob.digest}\n`);
