/**
 * Waiting on containers, by polling their state:
 *
 *   service_started                    running (or already exited)
 *   service_healthy                    health "healthy"; "unhealthy" fails at once
 *   service_completed_successfully     exited with 0; another code fails
 *
 * `up --wait` waits for every container to be running, and healthy when it
 * has a healthcheck.
 */
import type { ContainerInspect } from '@quai/client';
import type { Project } from '../model.js';
import { LABELS } from '../names.js';
import type { Progress } from '../progress.js';
import type { Engine } from './engine.js';

const POLL_MS = 200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface State { Status: string; Running: boolean; ExitCode: number; Health?: { Status?: string } }

const stateOf = (c: ContainerInspect) => c.State as unknown as State;
const nameOf = (c: ContainerInspect) => c.Name.replace(/^\//, '');

async function serviceContainers(engine: Engine, project: string, service: string): Promise<ContainerInspect[]> {
  const list = await engine.containers({ label: [`${LABELS.project}=${project}`, `${LABELS.service}=${service}`, `${LABELS.oneoff}=False`] });
  return Promise.all(list.map((c) => engine.inspect(c.Id)));
}

/** Before a service starts: each dependency's condition (only those in `among`, when given). */
export async function waitForDependencies(engine: Engine, project: Project, service: string, progress: Progress, among?: Set<string>): Promise<void> {
  const deps = Object.entries(project.services[service]?.depends_on ?? {});
  await Promise.all(deps.map(async ([dep, cond]) => {
    if (among && !among.has(dep)) return;
    if (!project.services[dep]) return; // optional dependency (required: false) not in the project
    if (cond.condition === 'service_started') return;
    for (;;) {
      const containers = await serviceContainers(engine, project.name, dep);
      if (!containers.length) {
        if (!cond.required) return;
        throw new Error(`dependency failed to start: service "${dep}" has no container`);
      }
      let ready = true;
      for (const c of containers) {
        const st = stateOf(c);
        const id = `Container ${nameOf(c)}`;
        if (cond.condition === 'service_healthy') {
          const health = st.Health?.Status;
          if (!health) throw new Error(`dependency failed to start: container ${nameOf(c)} has no healthcheck configured`);
          if (health === 'unhealthy') {
            progress.update(id, 'Error', 'error', 'dependency failed to start');
            throw new Error(`dependency failed to start: container ${nameOf(c)} is unhealthy`);
          }
          if (!st.Running) {
            progress.update(id, 'Error', 'error');
            throw new Error(`dependency failed to start: container ${nameOf(c)} exited (${st.ExitCode})`);
          }
          if (health !== 'healthy') {
            ready = false;
            progress.update(id, 'Waiting', 'working');
          } else progress.update(id, 'Healthy', 'done');
        } else {
          if (st.Running || st.Status === 'created' || st.Status === 'restarting') {
            ready = false;
            progress.update(id, 'Waiting', 'working');
          } else if (st.ExitCode !== 0) {
            progress.update(id, 'Error', 'error');
            throw new Error(`service "${dep}" didn't complete successfully: exit ${st.ExitCode}`);
          } else progress.update(id, 'Exited', 'done');
        }
      }
      if (ready) return;
      await sleep(POLL_MS);
    }
  }));
}

/** `up --wait`: every container of the services running (healthy, with a healthcheck) within timeoutMs. */
export async function waitForServices(engine: Engine, project: Project, services: string[], progress: Progress, timeoutMs?: number): Promise<void> {
  const deadline = timeoutMs ? Date.now() + timeoutMs : Infinity;
  // A service others wait on to complete may exit: that is its purpose.
  const completing = new Set(Object.values(project.services).flatMap((s) =>
    Object.entries(s.depends_on ?? {}).filter(([, c]) => c.condition === 'service_completed_successfully').map(([d]) => d)));
  await Promise.all(services.map(async (service) => {
    for (;;) {
      const containers = await serviceContainers(engine, project.name, service);
      let ready = true;
      for (const c of containers) {
        const st = stateOf(c);
        const id = `Container ${nameOf(c)}`;
        if (!st.Running) {
          if (completing.has(service) && st.ExitCode === 0 && st.Status === 'exited') {
            progress.update(id, 'Exited', 'done');
            continue;
          }
          progress.update(id, 'Error', 'error');
          throw new Error(`container ${nameOf(c)} exited (${st.ExitCode})`);
        }
        const health = st.Health?.Status;
        if (health === 'unhealthy') {
          progress.update(id, 'Error', 'error');
          throw new Error(`container ${nameOf(c)} is unhealthy`);
        }
        if (health && health !== 'healthy') {
          ready = false;
          progress.update(id, 'Waiting', 'working');
        } else progress.update(id, 'Healthy', 'done');
      }
      if (ready) return;
      if (Date.now() > deadline) throw new Error(`timeout waiting for service "${service}" to be healthy`);
      await sleep(POLL_MS);
    }
  }));
}
