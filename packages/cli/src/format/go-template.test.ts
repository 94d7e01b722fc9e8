import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execute, goString, goJson, parse } from './go-template.js';

const c = {
  Id: 'abc123',
  Name: '/web',
  State: { Status: 'running', Running: true, Pid: 42, ExitCode: 0 },
  Config: { Env: ['A=1', 'B=2'], Labels: { z: '1', a: 'x<y' }, Cmd: null, Tty: false },
  HostConfig: { Memory: 67108864, NanoCpus: 1.5e9, Binds: null },
  NetworkSettings: { Networks: { bridge: { IPAddress: '172.17.0.2' }, other: { IPAddress: '' } } },
  Ratio: 0.25,
};

const cases: [string, string][] = [
  ['{{.Name}}', '/web'],
  ['{{.State.Status}} {{.State.Pid}}', 'running 42'],
  ['{{.State.Running}}', 'true'],
  ['{{.Config.Tty}}', 'false'],
  ['{{.HostConfig.Memory}}', '67108864'],
  ['{{.HostConfig.NanoCpus}}', '1500000000'],
  ['{{.Ratio}}', '0.25'],
  ['{{.Nope}}', '<no value>'],
  ['{{.Nope.Deeper}}', '<no value>'],
  ['{{.Config.Cmd}}', '<no value>'],
  ['{{.Config.Env}}', '[A=1 B=2]'],
  ['{{.Config.Labels}}', 'map[a:x<y z:1]'],
  ['{{json .Config.Labels}}', '{"z":"1","a":"x\\u003cy"}'],
  ['{{json .Config.Cmd}}', 'null'],
  ['{{json .Name}}', '"/web"'],
  ['{{index .Config.Labels "z"}}', '1'],
  ['{{index .Config.Env 1}}', 'B=2'],
  ['{{index .NetworkSettings.Networks "bridge" | json}}', '{"IPAddress":"172.17.0.2"}'],
  ['{{(index .NetworkSettings.Networks "bridge").IPAddress}}', '172.17.0.2'],
  ['{{range .Config.Env}}[{{.}}]{{end}}', '[A=1][B=2]'],
  ['{{range $i, $e := .Config.Env}}{{$i}}={{$e}} {{end}}', '0=A=1 1=B=2 '],
  ['{{range $k, $v := .NetworkSettings.Networks}}{{$k}}:{{$v.IPAddress}};{{end}}', 'bridge:172.17.0.2;other:;'],
  ['{{range .Config.Cmd}}x{{else}}empty{{end}}', 'empty'],
  ['{{join .Config.Env ","}}', 'A=1,B=2'],
  ['{{if .State.Running}}up{{else}}down{{end}}', 'up'],
  ['{{if eq .State.Status "exited"}}e{{else if eq .State.Status "running"}}r{{else}}?{{end}}', 'r'],
  ['{{if not .Config.Tty}}no tty{{end}}', 'no tty'],
  ['{{if and .State.Running (gt .State.Pid 1)}}ok{{end}}', 'ok'],
  ['{{with .State}}{{.Status}}{{end}}', 'running'],
  ['{{with .Nope}}x{{else}}none{{end}}', 'none'],
  ['{{lower "ABC"}}{{upper "def"}}', 'abcDEF'],
  ['{{.Name | upper}}', '/WEB'],
  ['{{println .Name}}', '/web\n'],
  ['{{println "a" 1}}', 'a 1\n'],
  ['{{printf "%s-%d" .Name .State.Pid}}', '/web-42'],
  ['{{printf "%q" .Name}}', '"/web"'],
  ['{{len .Config.Env}}', '2'],
  ['{{split "a:b" ":"}}', '[a b]'],
  ['{{title "hello world"}}', 'Hello World'],
  ['{{pad .Name 1 2}}|', ' /web  |'],
  ['{{truncate .Id 3}}', 'abc'],
  ['{{$n := .Name}}{{$n}}', '/web'],
  ['{{range .Config.Env}}{{$.Name}}{{end}}', '/web/web'],
  ['a {{- " b " -}} c', 'a b c'],
  ['{{/* comment */}}x', 'x'],
  ['{{`raw\\t`}}', 'raw\\t'],
  ['{{"quoted\\t"}}', 'quoted\t'],
  ['{{.}}', goString(c)],
  ['{{nil}}', '<no value>'],
  ['{{true}} {{3}}', 'true 3'],
];

for (const [tmpl, want] of cases) {
  test(`template ${tmpl}`, () => assert.equal(execute(tmpl, c), want));
}

test('Go value printing', () => {
  assert.equal(goString({ b: [1, null], a: { x: true } }), 'map[a:map[x:true] b:[1 <nil>]]');
  assert.equal(goString(null), '<no value>');
  assert.equal(goString(1e21), '1e+21');
  assert.equal(goString([]), '[]');
  assert.equal(goJson({ a: '<&>' }), '{"a":"\\u003c\\u0026\\u003e"}');
});

test('parse errors name the problem', () => {
  assert.throws(() => parse('{{nosuchfunc .X}}'), /function "nosuchfunc" not defined/);
  assert.throws(() => parse('{{if .X}}'), /unexpected EOF/);
  assert.throws(() => parse('{{.X'), /unclosed action/);
  assert.throws(() => parse('{{end}}'), /unexpected/);
});

test('execution errors', () => {
  assert.throws(() => execute('{{join .Name ","}}', c), /wrong type/);
  assert.throws(() => execute('{{.Name.X}}', c), /can't evaluate field X in type string/);
  assert.throws(() => execute('{{$nope}}', c), /undefined variable/);
});

test('methods and getters on context objects are called', () => {
  const ctx = { get ID() { return 'id1'; }, Names: () => 'web' };
  assert.equal(execute('{{.ID}} {{.Names}}', ctx), 'id1 web');
});
