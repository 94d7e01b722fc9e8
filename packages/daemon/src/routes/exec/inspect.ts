/** `GET /exec/{id}/json`: Docker's ExecInspect. */
import type { ExecInspect } from '@quai/common';
import type { RouteContext } from '../../router.js';
import { sendJson } from '../../http-util.js';

export function inspect({ res, params, engine }: RouteContext): void {
  const e = engine.containers.execs.get(params.id!);
  const [entrypoint = '', ...args] = e.config.cmd;
  const answer: ExecInspect = {
    ID: e.id,
    Running: e.running,
    ExitCode: e.exitCode,
    ProcessConfig: { tty: e.config.tty, entrypoint, arguments: args, privileged: e.config.privileged, user: e.config.user },
    OpenStdin: e.config.attachStdin,
    OpenStderr: e.config.attachStderr,
    OpenStdout: e.config.attachStdout,
    CanRemove: false,
    ContainerID: e.containerId,
    DetachKeys: '',
    Pid: e.pid,
  };
  sendJson(res, 200, answer);
}
