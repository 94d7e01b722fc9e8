// Inputs the cases share, made once under .bench/: a random file, build
// contexts, and docker-archive images with one layer of random data.
import { createHash, randomFillSync } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const CHUNK = 1024 * 1024;

/** A file of `size` random bytes (kept between runs). */
export function randomFile(dir, name, size) {
  const path = join(dir, name);
  if (existsSync(path) && statSync(path).size === size) return path;
  const fd = openSync(`${path}.tmp`, 'w');
  const buf = Buffer.alloc(CHUNK);
  for (let left = size; left > 0; left -= CHUNK) writeSync(fd, randomFillSync(buf), 0, Math.min(CHUNK, left));
  closeSync(fd);
  renameSync(`${path}.tmp`, path);
  return path;
}

/** A ustar header for a regular file. */
function tarHeader(name, size) {
  const h = Buffer.alloc(512);
  h.write(name, 0);
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h.write('0', 156);
  h.write('ustar\x0000', 257);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}
const pad = (n) => Buffer.alloc((512 - (n % 512)) % 512);

/**
 * A docker-archive (docker save layout) tagged `tag` with one uncompressed
 * layer holding /data.bin of `size` random bytes; every call makes new data.
 * Returns { path, layerBytes }.
 */
export function randomImageArchive(path, tag, size) {
  const fd = openSync(path, 'w');
  const put = (buf, hash) => { writeSync(fd, buf); hash?.update(buf); };
  const layerBytes = 512 + size + pad(size).length + 1024;
  put(tarHeader('layer/layer.tar', layerBytes));
  const diff = createHash('sha256');
  put(tarHeader('data.bin', size), diff);
  const buf = Buffer.alloc(CHUNK);
  for (let left = size; left > 0; left -= CHUNK) put(randomFillSync(buf).subarray(0, Math.min(CHUNK, left)), diff);
  put(pad(size), diff);
  put(Buffer.alloc(1024), diff);
  const config = Buffer.from(JSON.stringify({
    architecture: 'amd64', os: 'linux', created: new Date(0).toISOString(), config: {},
    rootfs: { type: 'layers', diff_ids: [`sha256:${diff.digest('hex')}`] },
  }));
  const configName = `${createHash('sha256').update(config).digest('hex')}.json`;
  const manifest = Buffer.from(JSON.stringify([{ Config: configName, RepoTags: [tag], Layers: ['layer/layer.tar'] }]));
  for (const [name, body] of [[configName, config], ['manifest.json', manifest]]) {
    put(tarHeader(name, body.length));
    put(body);
    put(pad(body.length));
  }
  put(Buffer.alloc(1024));
  closeSync(fd);
  return { path, layerBytes };
}

/** Writes files { relative path: content } under dir (made afresh when missing). */
export function writeTree(dir, files) {
  for (const [rel, content] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
  }
  return dir;
}
