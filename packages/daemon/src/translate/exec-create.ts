/**
 * Docker's `POST /containers/{id}/exec` body into the engine's ExecConfig,
 * refusing now, in dockerd's words, what would only fail at start.
 */
import { InvalidArgumentError } from '@quai/common';
import type { ExecConfig } from '@quai/engine';
import type { ExecCreateBody } from '../schemas/exec.js';
import { parseDetachKeys } from '../routes/containers/attach-detach.js';

export function execConfig(body: ExecCreateBody): ExecConfig {
  if (body.WorkingDir && !body.WorkingDir.startsWith('/')) {
    throw new InvalidArgumentError(`the working directory '${body.WorkingDir}' is invalid, it needs to be an absolute path`);
  }
  if (body.DetachKeys) parseDetachKeys(body.DetachKeys);
  return {
    cmd: body.Cmd ?? [],
    env: body.Env ?? [],
    workingDir: body.WorkingDir ?? '',
    user: body.User ?? '',
    privileged: !!body.Privileged,
    tty: !!body.Tty,
    attachStdin: !!body.AttachStdin,
    attachStdout: !!body.AttachStdout,
    attachStderr: !!body.AttachStderr,
    detachKeys: body.DetachKeys ?? '',
  };
}
