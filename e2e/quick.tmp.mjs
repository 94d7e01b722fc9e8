import { startDaemon, docker, loadBusybox } from '@quai/testkit';
import { execFileSync } from 'node:child_process';
const d = await startDaemon({ args: ['--log-level', 'debug'] });
try {
  await loadBusybox(d.dockerHost);
  for (const a of process.argv.slice(2)) {
    try { console.log(execFileSync('bash', ['-c', a], { env: { ...process.env, DOCKER_HOST: d.dockerHost }, encoding: 'utf8' })); }
    catch (e) { console.log('FAILED', e.stdout, e.stderr); }
  }
  console.log(d.logTail(20));
} finally { await d.stop(); }
