/** `POST /containers/{id}/exec`: record the command; `/exec/{id}/start` runs it. */
import { InvalidArgumentError } from '@quai/common';
import type { RouteContext } from '../../router.js';
import { readJsonBody, sendJson } from '../../http-util.js';
import { parseDetachKeys } from '../containers/attach-detach.js';

interface ExecCreateBody {
  Cmd?: string[] | string;
  Env?: string[] | null;
  WorkingDir?: string;
  User?: string;
  Privileged?: boolean;
  Tty?: boolean;
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  DetachKeys?: string;
}

export async function create({ req, res, params, engine }: RouteContext): Promise<void> {
  const body = await readJsonBody<ExecCreateBody>(req);
  const cmd = typeof body.Cmd === 'string' ? [body.Cmd] : body.Cmd ?? [];
  if (!Array.isArray(cmd)) throw new InvalidArgumentError('Cmd must be a list of strings');
  if (body.WorkingDir && !body.WorkingDir.startsWith('/')) {
    throw new InvalidArgumentError(`the working directory '${body.WorkingDir}' is invalid, it needs to be an absolute path`);
  }
  if (body.DetachKeys) parseDetachKeys(body.DetachKeys); // a bad sequence is refused now, not at start
  const id = engine.containers.execs.create(params.id!, {
    cmd,
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
