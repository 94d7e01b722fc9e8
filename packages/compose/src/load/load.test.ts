import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadProject } from './load.js';
import { normalizeProjectName } from './project-name.js';

const root = mkdtempSync(join(tmpdir(), 'compose-load-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A project dir with the given files. */
function project(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  return dir;
}

const load = (dir: string, o: Parameters<typeof loadProject>[0] = {}) => loadProject({ cwd: dir, env: {}, ...o });

test('project names: normalised from the directory; -p must already be valid; precedence -p > env > name: > dir', () => {
  assert.equal(normalizeProjectName('My App.v2'), 'myappv2');
  assert.equal(normalizeProjectName('__x-Y_1'), 'x-y_1');
  const dir = project('Demo.App', { 'compose.yaml': 'services:\n  a:\n    image: busybox\n' });
  assert.equal(load(dir).name, 'demoapp');
  assert.equal(load(dir, { env: { COMPOSE_PROJECT_NAME: 'fromenv' } }).name, 'fromenv');
  assert.equal(load(dir, { projectName: 'flag', env: { COMPOSE_PROJECT_NAME: 'fromenv' } }).name, 'flag');
  assert.throws(() => load(dir, { projectName: 'Bad Name' }), /invalid project name "Bad Name"/);
  const named = project('named', { 'compose.yaml': 'name: ${N:-Top_Name}\nservices:\n  a:\n    image: busybox\n' });
  assert.equal(load(named).name, 'top_name');
  assert.equal(load(named, { env: { COMPOSE_PROJECT_NAME: 'env' } }).name, 'env');
});

test('.env feeds interpolation; the process environment wins; env_file then environment', () => {
  const dir = project('envs', {
    'compose.yaml': 'services:\n  a:\n    image: busybox:${TAG}\n    env_file: [app.env]\n    environment:\n      FROM_FILE_OVERRIDDEN: env\n      PASSED:\n',
    '.env': 'TAG=1.0\nPASSED=from-dotenv\n',
    'app.env': '# comment\nexport FROM_FILE=1\nFROM_FILE_OVERRIDDEN=file\nQUOTED="a ${TAG}"\nSINGLE=\'$TAG\'\n',
  });
  const p = load(dir);
  assert.equal(p.services.a!.image, 'busybox:1.0');
  assert.deepEqual(p.services.a!.environment, { FROM_FILE: '1', FROM_FILE_OVERRIDDEN: 'env', QUOTED: 'a 1.0', SINGLE: '$TAG', PASSED: 'from-dotenv' });
  assert.equal(load(dir, { env: { TAG: '2.0' } }).services.a!.image, 'busybox:2.0');
  assert.deepEqual(p.envFiles, [join(dir, '.env')]);
});

test('several -f files merge in order; paths stay relative to the project directory', () => {
  const dir = project('multi', {
    'compose.yaml': 'services:\n  a:\n    image: busybox\n    environment: [A=1]\n    volumes: ["./data:/data"]\n',
    'override/extra.yaml': 'services:\n  a:\n    environment: [B=2]\n    volumes: ["./other:/data"]\n  b:\n    image: busybox\n',
  });
  const p = load(dir, { files: ['compose.yaml', 'override/extra.yaml'] });
  assert.deepEqual(p.services.a!.environment, { A: '1', B: '2' });
  assert.deepEqual(p.services.a!.volumes!.map((v) => v.source), [join(dir, 'other')]);
  assert.deepEqual(Object.keys(p.services), ['a', 'b']);
  assert.deepEqual(p.configFiles, [join(dir, 'compose.yaml'), join(dir, 'override/extra.yaml')]);
});

test('extends: a service of the same file or of another, merged under the service', () => {
  const dir = project('ext', {
    'compose.yaml': [
      'services:',
      '  base:',
      '    image: busybox',
      '    environment: [A=1]',
      '  child:',
      '    extends: base',
      '    environment: [B=2]',
      '  remote:',
      '    extends: { file: common/common.yaml, service: shared }',
      '    command: echo child',
      '',
    ].join('\n'),
    'common/common.yaml': 'services:\n  shared:\n    image: debian\n    command: echo shared\n    volumes: ["./here:/here"]\n',
  });
  const p = load(dir);
  assert.deepEqual(p.services.child!.environment, { A: '1', B: '2' });
  assert.equal(p.services.child!.image, 'busybox');
  assert.equal(p.services.remote!.image, 'debian');
  assert.deepEqual(p.services.remote!.command, ['echo', 'child']);
  assert.equal(p.services.remote!.volumes![0]!.source, join(dir, 'common/here'), 'paths of the extended file are its own');
  const cyc = project('cycle', { 'compose.yaml': 'services:\n  a:\n    image: x\n    extends: b\n  b:\n    image: x\n    extends: a\n' });
  assert.throws(() => load(cyc), /extends cycle detected/);
});

test('include: another project’s services, networks and volumes join this one', () => {
  const dir = project('inc', {
    'compose.yaml': 'include:\n  - sub/compose.yaml\nservices:\n  app:\n    image: busybox\n    depends_on: [db]\n',
    'sub/compose.yaml': 'services:\n  db:\n    image: busybox\n    volumes: ["dbdata:/var/lib/db", "./init:/init"]\nvolumes:\n  dbdata:\n',
  });
  const p = load(dir);
  assert.deepEqual(Object.keys(p.services).sort(), ['app', 'db']);
  assert.equal(p.volumes.dbdata!.name, 'inc_dbdata');
  assert.equal(p.services.db!.volumes![1]!.source, join(dir, 'sub/init'));
  const clash = project('clash', { 'compose.yaml': 'include: [sub/compose.yaml]\nservices:\n  db:\n    image: x\n', 'sub/compose.yaml': 'services:\n  db:\n    image: y\n' });
  assert.throws(() => load(clash), /services\.db conflicts with imported resource/);
});

test('profiles: inactive services are left out unless named; --profile and COMPOSE_PROFILES activate', () => {
  const dir = project('prof', {
    'compose.yaml': 'services:\n  app:\n    image: x\n  debug:\n    image: x\n    profiles: [dev]\n    depends_on: [tools]\n  tools:\n    image: x\n    profiles: [tools]\n',
  });
  assert.deepEqual(Object.keys(load(dir).services), ['app']);
  assert.deepEqual(Object.keys(load(dir).disabledServices).sort(), ['debug', 'tools']);
  assert.throws(() => load(dir, { profiles: ['dev'] }), /service "debug" depends on undefined service "tools"/);
  assert.deepEqual(Object.keys(load(dir, { profiles: ['dev', 'tools'] }).services).sort(), ['app', 'debug', 'tools']);
  assert.deepEqual(Object.keys(load(dir, { env: { COMPOSE_PROFILES: 'tools' } }).services).sort(), ['app', 'tools']);
  assert.deepEqual(Object.keys(load(dir, { services: ['debug'] }).services).sort(), ['app', 'debug', 'tools'], 'a named service brings what it depends on');
  assert.deepEqual(Object.keys(load(dir, { profiles: ['*'] }).services).sort(), ['app', 'debug', 'tools']);
});

test('references are checked: undefined networks, volumes and dependencies name the line', () => {
  const dir = project('refs', { 'compose.yaml': 'services:\n  a:\n    image: x\n    networks: [nope]\n' });
  assert.throws(() => load(dir), { message: `${join(dir, 'compose.yaml')}:4:5: service "a" refers to undefined network nope: invalid compose project` });
  const vol = project('refs2', { 'compose.yaml': 'services:\n  a:\n    image: x\n    volumes:\n      - missing:/data\n' });
  assert.throws(() => load(vol), /compose\.yaml:5:9: service "a" refers to undefined volume missing/);
});

test('schema errors and YAML errors name the file and line', () => {
  const typo = project('typo', { 'compose.yaml': 'services:\n  web:\n    image: x\n    prots: ["80"]\n' });
  assert.throws(() => load(typo), { message: `${join(typo, 'compose.yaml')}:4:5: services.web: additional property 'prots' is not allowed (did you mean 'ports'?)` });
  const type = project('type', { 'compose.yaml': 'services:\n  web:\n    image: x\n    read_only: maybe\n' });
  assert.throws(() => load(type), /compose\.yaml:4:5: services\.web\.read_only: invalid boolean: "maybe"/);
  const yaml = project('yaml', { 'compose.yaml': 'services:\n  web:\n    image: x\n   bad: indent\n' });
  assert.throws(() => load(yaml), /compose\.yaml:4:\d+: /);
});

test('the default network is added for services without networks, names get the project prefix', () => {
  const dir = project('nets', { 'compose.yaml': 'services:\n  a:\n    image: x\n  b:\n    image: x\n    networks: [back]\nnetworks:\n  back:\n  ext:\n    external: true\n    name: shared\n' });
  const p = load(dir);
  assert.deepEqual(p.services.a!.networks, { default: null });
  assert.equal(p.networks.default!.name, 'nets_default');
  assert.equal(p.networks.back!.name, 'nets_back');
  assert.equal(p.networks.ext!.name, 'shared');
});
