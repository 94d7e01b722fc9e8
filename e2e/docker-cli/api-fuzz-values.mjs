// Values for the API fuzz test (api-fuzz.test.mjs): a seeded random source,
// wrong-typed and hostile values, bodies generated from a route's own
// schema and then broken, and tar archives with escaping entries.
//
// Every string here is safe to send to a daemon whose registry mirror is a
// closed loopback port: none names a registry host but that port, so
// nothing leaves the machine (docker.io names go to the mirror).
import tar from 'tar-stream';

/** mulberry32: small, seeded, good enough to pick test values reproducibly. */
export function random(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (list) => list[int(list.length)], chance: (p) => next() < p };
}

/** Strings an attacker would try, pointing at the test's marker files. */
export function hostileStrings(markers, registry) {
  const up = '../'.repeat(12);
  return [
    '', ' ', 'a b', '../x', '..', '.', '/', '//', up + markers.dir.slice(1), `${up}${markers.file.slice(1)}`, markers.file, markers.dir,
    `${markers.dir}/pwned`, '/etc/shadow', '/proc/self/environ', '/dev/sda', '/sys/kernel', '/var/run/docker.sock',
    `$(touch ${markers.dir}/pwned)`, `\`touch ${markers.dir}/pwned\``, `x;touch ${markers.dir}/pwned`, `x\ntouch ${markers.dir}/pwned`,
    'x\u0000y', '\u202e', '\ud800', '%00', '%2e%2e%2f', '-rf', '--privileged', '-', '0', '-1', '99999999999999999999', 'NaN',
    'host', 'container:nosuch', 'none', 'default', 'bridge', 'private', 'unconfined', 'SIGKILL', 'KILL', '9', 'ctrl-p,ctrl-q',
    'busybox', 'busybox:latest', 'nosuch:image', 'sha256:' + 'f'.repeat(64), 'A'.repeat(300), 'x'.repeat(70_000),
    '{"a":', '[[[', 'null', 'true', `${registry}/x`, `tcp://${registry}`, '10.214.250.0/24', '10.214.250.1', '::1', 'json-file',
    'seccomp=unconfined', 'apparmor=unconfined', 'label=disable', 'no-new-privileges', 'nofile=1:2', '/data:/x', `${markers.dir}:/x:rw`,
  ];
}

/** A value of some JSON type, often not the one asked for. */
export function wrongValue(rnd, strings) {
  switch (rnd.int(12)) {
    case 0: return rnd.pick([0, 1, -1, 1.5, -0.5, 1e30, -1e30, 2 ** 63, 65536, 4294967296]);
    case 1: return rnd.pick([true, false]);
    case 2: return null;
    case 3: return [];
    case 4: return [rnd.pick(strings), 1, null, {}];
    case 5: return {};
    case 6: return JSON.parse('{"a":1,"b":[null],"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
    case 7: return nested(rnd.int(80) + 1);
    case 8: return Array.from({ length: rnd.pick([100, 5000]) }, (_, i) => String(i));
    default: return rnd.pick(strings);
  }
}

function nested(depth) {
  let v = 'deep';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { k: v };
  return v;
}

/** A value that fits the schema (Docker's Go types), made of test strings. */
export function validFor(schema, rnd, strings, depth = 0) {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'string') return rnd.chance(0.5) ? rnd.pick(strings.filter((s) => s.length < 200)) : 'fuzz';
  if (type === 'integer') return rnd.pick([0, 1, 2, 100, 1_000_000, -1]);
  if (type === 'boolean') return rnd.chance(0.5);
  if (type === 'array') return depth > 4 ? [] : Array.from({ length: rnd.int(3) }, () => validFor(schema.items ?? {}, rnd, strings, depth + 1));
  if (type === 'object') {
    if (depth > 4) return {};
    if (schema.properties) {
      const out = {};
      for (const [name, field] of Object.entries(schema.properties)) if (rnd.chance(0.25)) out[name] = validFor(field, rnd, strings, depth + 1);
      return out;
    }
    if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
      return Object.fromEntries(Array.from({ length: rnd.int(3) }, () => [rnd.pick(strings.filter((s) => s.length < 100)), validFor(schema.additionalProperties, rnd, strings, depth + 1)]));
    }
    return {};
  }
  return null;
}

/** Replaces one value somewhere inside `body` (or the whole of it) with a wrong one. */
export function breakOne(body, rnd, strings) {
  if (body === null || typeof body !== 'object' || rnd.chance(0.15)) return wrongValue(rnd, strings);
  const keys = Object.keys(body);
  if (!keys.length) return { [rnd.pick(['Image', 'HostConfig', 'Cmd', 'Name', 'Labels'])]: wrongValue(rnd, strings) };
  const key = rnd.pick(keys);
  const inner = body[key];
  body[key] = inner !== null && typeof inner === 'object' && rnd.chance(0.6) ? breakOne(inner, rnd, strings) : wrongValue(rnd, strings);
  return body;
}

/** A small tar (build context or `docker cp` payload) with entries that try to leave their root. */
export async function hostileTar(rnd, markers, strings) {
  const pack = tar.pack();
  const copySource = rnd.pick(['up/secret.txt', '../../../../../../etc/shadow', markers.file, 'link/secret.txt', '*', '.']);
  const entries = [
    () => pack.entry({ name: 'Dockerfile' }, `FROM busybox\nCOPY ${copySource} /got\n${rnd.pick(['', 'WORKDIR /link/x\n', `ADD ${rnd.pick(strings.filter((s) => s.length < 100 && !s.includes('\n')))} /y\n`])}`),
    () => pack.entry({ name: 'up', type: 'symlink', linkname: '../'.repeat(10) + markers.dir.slice(1) }),
    () => pack.entry({ name: 'link', type: 'symlink', linkname: markers.dir }),
    () => pack.entry({ name: 'link/pwned' }, 'written through a symlink'),
    () => pack.entry({ name: '../../../../../..' + markers.dir + '/pwned' }, 'written with ..'),
    () => pack.entry({ name: markers.dir + '/pwned-abs' }, 'written with an absolute name'),
    () => pack.entry({ name: 'hard', type: 'link', linkname: markers.file }),
    () => pack.entry({ name: '.wh..wh..opq' }, ''),
    () => pack.entry({ name: 'dir/.wh...' }, ''),
    () => pack.entry({ name: 'dev', type: 'character-device', devmajor: 1, devminor: 3 }),
  ];
  for (const add of entries) if (rnd.chance(0.6)) add();
  pack.finalize();
  const chunks = [];
  for await (const c of pack) chunks.push(c);
  const whole = Buffer.concat(chunks);
  return rnd.chance(0.3) ? whole.subarray(0, rnd.int(whole.length)) : whole;
}
