import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkValue } from '@quai/common/schema/check';
import { parseJson } from '@quai/common/schema/json-text';
import { checkQuery } from '../validation/query.js';
import { createRequest, updateConfig } from './container-config.js';
import { execCreate } from './exec.js';
import { networkCreate } from './networking.js';
import { containerRoutes } from './containers.js';
import { buildRoutes } from './build.js';

const refusal = (schema: Parameters<typeof checkValue>[0], body: unknown) => {
  try {
    checkValue(schema, body);
  } catch (err) {
    return (err as Error).message;
  }
  return 'accepted';
};

test('wrong JSON kinds are refused in the words of Go\'s decoder, with dockerd\'s struct names', () => {
  assert.equal(refusal(createRequest, { Image: 'busybox', Labels: { a: 1 } }),
    'invalid JSON: json: cannot unmarshal number into Go struct field CreateRequest.Config.Labels of type string');
  assert.equal(refusal(createRequest, { HostConfig: 'str' }),
    'invalid JSON: json: cannot unmarshal string into Go struct field CreateRequest.HostConfig of type container.HostConfig');
  assert.equal(refusal(createRequest, { HostConfig: { Memory: 'abc' } }),
    'invalid JSON: json: cannot unmarshal string into Go struct field HostConfig.HostConfig.Resources.Memory of type int64');
  assert.equal(refusal(createRequest, { HostConfig: { Memory: 1.5 } }),
    'invalid JSON: json: cannot unmarshal number 1.5 into Go struct field HostConfig.HostConfig.Resources.Memory of type int64');
  assert.equal(refusal(createRequest, { HostConfig: { CapAdd: [1] } }),
    'invalid JSON: json: cannot unmarshal array into Go value of type string');
  assert.equal(refusal(createRequest, { Cmd: 5 }), 'invalid JSON: json: cannot unmarshal number into Go value of type string');
  assert.equal(refusal(createRequest, [1, 2]), 'invalid JSON: json: cannot unmarshal array into Go value of type container.CreateRequest');
  assert.equal(refusal(createRequest, { HostConfig: { RestartPolicy: { MaximumRetryCount: '3' } } }),
    'invalid JSON: json: cannot unmarshal string into Go struct field RestartPolicy.HostConfig.RestartPolicy.MaximumRetryCount of type int');
  assert.equal(refusal(createRequest, { HostConfig: { BlkioWeight: 70000 } }),
    'invalid JSON: json: cannot unmarshal number 70000 into Go struct field HostConfig.HostConfig.Resources.BlkioWeight of type uint16');
  assert.equal(refusal(createRequest, { NetworkingConfig: { EndpointsConfig: { n: { Aliases: 'a' } } } }),
    'invalid JSON: json: cannot unmarshal string into Go struct field EndpointSettings.NetworkingConfig.EndpointsConfig.Aliases of type []string');
  assert.equal(refusal(updateConfig, { Memory: true }),
    'invalid JSON: json: cannot unmarshal bool into Go struct field UpdateConfig.Resources.Memory of type int64');
});

test('null, field-name case, unknown fields and one-string StrSlices are decoded as Go does', () => {
  const body = checkValue(createRequest, {
    image: 'busybox', Cmd: 'sh', WorkingDir: null, Nonsense: { deep: 1 },
    HostConfig: { capadd: 'NET_ADMIN', Binds: null }, Labels: { a: null },
  });
  assert.deepEqual(body, { Image: 'busybox', Cmd: ['sh'], HostConfig: { CapAdd: ['NET_ADMIN'] }, Labels: { a: '' } });
  assert.deepEqual(checkValue(createRequest, null), {});
});

test('values dockerd refuses are refused with its words', () => {
  const hc = (HostConfig: object) => refusal(createRequest, { Image: 'busybox', HostConfig });
  assert.equal(hc({ RestartPolicy: { Name: 'sometimes' } }),
    "invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
  assert.equal(hc({ RestartPolicy: { Name: 'always', MaximumRetryCount: -1 } }),
    "invalid restart policy: maximum retry count can only be used with 'on-failure' and cannot be negative");
  assert.equal(hc({ RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 } }), 'accepted');
  assert.equal(hc({ SecurityOpt: ['bogus'] }), 'invalid --security-opt 1: "bogus"');
  assert.equal(hc({ SecurityOpt: ['bogus=1'] }), 'invalid --security-opt 2: "bogus=1"');
  assert.equal(hc({ SecurityOpt: ['no-new-privileges=maybe'] }), 'invalid --security-opt 2: "no-new-privileges=maybe"');
  assert.equal(hc({ SecurityOpt: ['seccomp=/etc/shadow'] }), "Decoding seccomp profile failed: invalid character '/' looking for beginning of value");
  assert.equal(hc({ SecurityOpt: ['seccomp={"defaultAction": 1}'] }),
    'Decoding seccomp profile failed: json: cannot unmarshal number into Go struct field Seccomp.defaultAction of type string');
  assert.equal(hc({ SecurityOpt: ['seccomp=unconfined', 'no-new-privileges', 'label=disable', 'seccomp={"defaultAction":"SCMP_ACT_ALLOW"}'] }), 'accepted');
  assert.equal(hc({ LogConfig: { Type: 'syslog' } }), "logger: no log driver named 'syslog' is registered");
  assert.equal(hc({ LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', bogus: 'x' } } }), "unknown log opt 'bogus' for json-file log driver");
  assert.equal(hc({ LogConfig: { Type: 'json-file', Config: { 'max-size': 'lots' } } }), "invalid size: 'lots'");
  assert.equal(hc({ Dns: ['8.8.8.8', 'nameserver'] }), 'invalid JSON: ParseAddr("nameserver"): unable to parse IP');
  assert.equal(hc({ ExtraHosts: ['db:10.0.0.2', 'gw:host-gateway', 'v6:[::1]'] }), 'accepted');
  assert.equal(hc({ ExtraHosts: ['nocolon'] }), 'bad format for add-host: "nocolon"');
  assert.equal(hc({ Isolation: 'hyperv' }), "invalid isolation 'hyperv' on linux");
  assert.equal(hc({ CpusetCpus: 'abc' }), 'Invalid value abc for cpuset cpus: invalid format: abc');
  assert.match(hc({ CpusetCpus: '0,4096' }) as string, /^Requested CPUs are not available - requested 0,4096, available: /);
  assert.equal(hc({ CpusetCpus: '0' }), 'accepted');
  assert.equal(hc({ MemorySwappiness: 101 }), 'Invalid value: 101, valid memory swappiness range is 0-100');
  assert.equal(hc({ CpuPeriod: 10 }), 'CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)');
  assert.equal(hc({ OomScoreAdj: 5000 }), 'Invalid value 5000, range for oom score adj is [-1000, 1000]');
  assert.equal(refusal(updateConfig, { CpusetCpus: '1-0' }), 'Invalid value 1-0 for cpuset cpus: invalid format: 1-0');
  assert.equal(refusal(createRequest, { Healthcheck: { Interval: 5 } }), 'Interval in Healthcheck cannot be less than 1ms');
  assert.equal(refusal(createRequest, { StopSignal: 'SIGNOPE' }), 'Invalid signal: SIGNOPE');
  assert.equal(refusal(execCreate, { Cmd: [] }), 'No exec command specified');
  assert.equal(refusal(execCreate, {}), 'No exec command specified');
  assert.equal(refusal(networkCreate, { Name: '../x' }), 'Invalid network name (../x), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed');
  assert.equal(refusal(networkCreate, { Name: 'a b' }), 'Invalid network name (a b), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed');
  assert.equal(refusal(networkCreate, { Name: 'proj_default' }), 'accepted');
});

test('JSON text: Go\'s syntax errors, content after the value, and a depth limit', () => {
  const syntax = (text: string) => { try { parseJson(text); return 'parsed'; } catch (err) { return (err as Error).message; } };
  assert.equal(syntax('{"Image": "busybox",'), 'unexpected EOF');
  assert.equal(syntax('{"Image": "busy'), 'unexpected EOF');
  assert.equal(syntax('{"a":1,}'), "invalid character '}' looking for beginning of object key string");
  assert.equal(syntax('{"a" 1}'), "invalid character '1' after object key");
  assert.equal(syntax('[1 2]'), "invalid character '2' after array element");
  assert.equal(syntax('xyz'), "invalid character 'x' looking for beginning of value");
  assert.equal(syntax('{} {}'), 'unexpected content after JSON');
  assert.equal(syntax('['.repeat(65) + ']'.repeat(65)), 'exceeded max depth');
  assert.equal(syntax('"' + '['.repeat(100) + '"'), 'parsed');
});

test('query parameters of the wrong kind are refused as dockerd parses them', () => {
  const query = (spec: Parameters<typeof checkQuery>[0], q: string) => {
    try { checkQuery(spec, new URLSearchParams(q)); return 'accepted'; } catch (err) { return (err as Error).message; }
  };
  assert.equal(query(containerRoutes.list.query, 'limit=abc'), 'strconv.Atoi: parsing "abc": invalid syntax');
  assert.equal(query(containerRoutes.list.query, 'limit=99999999999999999999'), 'strconv.Atoi: parsing "99999999999999999999": value out of range');
  assert.equal(query(containerRoutes.list.query, 'all=whatever&limit=-1&filters={"name":["a"],"label":{"k=v":true}}'), 'accepted');
  assert.equal(query(containerRoutes.list.query, 'filters={"name":"a"}'), 'invalid filter');
  assert.equal(query(containerRoutes.list.query, 'filters=[['), 'invalid filter');
  assert.equal(query(containerRoutes.wait.query, 'condition=later'), 'invalid condition: "later"');
  assert.equal(query(containerRoutes.resize.query, 'h=-1&w=80'), 'invalid resize height "-1": value out of range');
  assert.equal(query(buildRoutes.build.query, 'buildargs={"A":1}'),
    'error reading build args: json: cannot unmarshal number into Go value of type string');
  assert.equal(query(buildRoutes.build.query, 'buildargs={"A":null,"B":"b"}&labels={"x":"y"}'), 'accepted');
});
