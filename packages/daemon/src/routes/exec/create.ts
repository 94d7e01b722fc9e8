/** `POST /containers/{id}/exec`: record the command; `/exec/{id}/start` runs it. */
import { InvalidArgumentError } from '@quai/common';
import type { RouteContext } from '../../router.js';
import { sendJson } from '../../http-util.js';
import type { ExecCreateBody } from '../../schemas/exec.js';
import { parseDetachKeys } from '../containers/attach-detach.js';

export async function create({ res, params, engine, body }: RouteContext<ExecCreateBody>): Promise<void> {
  if (body.WorkingDir && !body.WorkingDir.startsWith('/')) {
    throw new InvalidArgumentError(`the working directory '${body.WorkingDir}' is invalid, it needs to be an absolute path`);
  }
  if (body.DetachKeys) parseDetachKeys(body.DetachKeys); // a bad sequence is refused now, not at start
  const id = engine.containers.execs.create(params.id!, {
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
  });
  sendJson(res, 201, { Id: id });
}
