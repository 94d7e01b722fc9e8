// Issue 4: the cost of networking. `run --rm busybox true` with --network
// none, the default bridge, a user network and a published port; then HTTP
// requests per second to busybox httpd through its published port on
// 127.0.0.1 against its container address directly. Traffic goes only to
// loopback and to the bench's own container.
import { cli } from '../engines.js';
import { cliMedian, median } from '../measure.js';
import { requestsPerSecond, waitForHttp } from '../load.js';

const SUBNETS = { quai: '10.231.17.0/24', docker: '10.231.33.0/24', podman: '10.231.4.0/24' };
const BRIDGES = { quai: 'qbquai1', docker: 'qbdock1', podman: '' }; // podman names its own
const HTTPD = 'mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 80 -h /www';

export default {
  name: 'network',
  title: 'networking (issue 4)',
  targets: 'engines',
  rows: () => [
    { label: 'run --rm true, --network none (ms)', key: 'noneMs', digits: 0 },
    { label: 'run --rm true, default bridge (ms)', key: 'bridgeMs', digits: 0 },
    { label: 'run --rm true, user network (ms)', key: 'userMs', digits: 0 },
    { label: 'run --rm true, bridge + -p 127.0.0.1::80 (ms)', key: 'publishMs', digits: 0 },
    { label: 'httpd direct to container (req/s)', key: 'directRps', digits: 0 },
    { label: 'httpd via published port (req/s)', key: 'publishedRps', digits: 0 },
    { label: '  published / direct', key: 'publishedShare', digits: 2 },
  ],
  notes: [
    'each engine on its own bridge and subnet (10.231.0.0/16); podman\'s "default bridge" is a private network, not the shared cni-podman0',
    'docker runs with --iptables=false: published ports go through docker-proxy',
    'req/s: wrk -t1 -c8 -d3s against busybox httpd (a new connection per request: httpd closes them)',
  ],
  async measure(engine, { runs, outDir }) {
    const base = engine.runFlags ?? [];
    const bridge = [...base, ...engine.bridgeFlags];
    const startMs = (flags, tag) => cliMedian(engine, ['run', '--rm', ...flags, 'busybox', 'true'], runs, outDir, tag) * 1000;
    const out = {};
    out.noneMs = startMs([...base, '--network', 'none'], 'net-none');
    out.bridgeMs = startMs(bridge, 'net-bridge');
    cli(engine, ['network', 'create', ...engine.userNetworkArgs(SUBNETS[engine.name], BRIDGES[engine.name]), 'qbench-user']);
    engine.networkCreated?.('qbench-user');
    let id;
    try {
      out.userMs = startMs([...base, '--network', 'qbench-user'], 'net-user');
      out.publishMs = startMs([...bridge, '-p', '127.0.0.1::80'], 'net-publish');
      id = cli(engine, ['run', '-d', ...bridge, '-p', '127.0.0.1::80', 'busybox', 'sh', '-c', HTTPD]).trim().split('\n').pop();
      const port = /127\.0\.0\.1:(\d+)/.exec(cli(engine, ['port', id, '80']))[1];
      const ip = cli(engine, ['inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}', id]).trim().split(' ')[0];
      const direct = `http://${ip}:80/`;
      const published = `http://127.0.0.1:${port}/`;
      await waitForHttp(direct);
      await waitForHttp(published);
      await requestsPerSecond(direct, { seconds: 1 }); // warm-up
      const d = [];
      const p = [];
      for (let i = 0; i < runs; i++) {
        d.push(await requestsPerSecond(direct, { seconds: 3 }));
        p.push(await requestsPerSecond(published, { seconds: 3 }));
      }
      out.directRps = median(d);
      out.publishedRps = median(p);
      out.publishedShare = out.publishedRps / out.directRps;
    } finally {
      if (id) cli(engine, ['rm', '-f', ...(engine.rmFlags ?? []), id]);
      cli(engine, ['network', 'rm', 'qbench-user']);
    }
    return out;
  },
};
