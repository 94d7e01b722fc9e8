// Issue 2: container lifecycle. `run --rm busybox true` CLI start to exit,
// N × `run -d busybox sleep 600` wall time and one `rm -f` of all, engine
// resident memory idle and with N running, disk per extra container.
import { cliToExit, median, round } from '../measure.js';

const MiB = 1024 * 1024;

export default {
  name: 'lifecycle',
  title: 'container lifecycle (issue 2)',
  targets: 'engines',
  rows: ({ containers }) => [
    { label: 'run --rm busybox true (ms)', key: 'exitMs', digits: 0 },
    { label: `${containers} × run -d sleep 600 (s)`, key: 'runSeconds', digits: 2 },
    { label: `rm -f of ${containers} (s)`, key: 'rmSeconds', digits: 2 },
    { label: 'RSS idle (MiB)', key: 'idleRss', digits: 1 },
    { label: `RSS with ${containers} containers (MiB)`, key: 'busyRss', digits: 1 },
    { label: 'disk per container (KiB)', key: 'perContainerDisk', digits: 1 },
  ],
  notes: [
    'memory: RSS of every process whose command line names the engine dir (daemons, conmon/shims), not the containers',
    'disk: du -sx of the data root before/after the containers start (exec/run roots not counted)',
    '--network none (podman: plus --ulimit nofile/nproc, which this host needs; rm -f -t 0)',
  ],
  async measure(engine, { runs, containers, outDir }) {
    const runFlags = ['--network', 'none', ...(engine.runFlags ?? [])];
    const exitMs = cliToExit(engine, runFlags, runs, outDir) * 1000;
    const rounds = [];
    for (let i = 0; i < runs; i++) rounds.push(await round(engine, runFlags, containers));
    const pick = (k) => median(rounds.map((r) => r[k]));
    return {
      exitMs, runSeconds: pick('runSeconds'), rmSeconds: pick('rmSeconds'),
      idleRss: pick('idleRss') / MiB, busyRss: pick('busyRss') / MiB, perContainerDisk: pick('perContainerDisk') / 1024,
    };
  },
};
