/** `POST /networks/{id}/connect` {Container, EndpointConfig} and `/disconnect` {Container, Force}. */
import type { RouteContext } from '../../router.js';
import { readJsonBody, sendNoContent } from '../../http-util.js';

interface ConnectBody { Container?: string; EndpointConfig?: { Aliases?: string[] | null; IPAMConfig?: { IPv4Address?: string } | null } | null }

export async function connect({ req, res, params, engine }: RouteContext): Promise<void> {
  const b = await readJsonBody<ConnectBody>(req);
  await engine.containers.connect(b.Container ?? '', params.id!, b.EndpointConfig ?? {});
  sendNoContent(res, 200);
}

export async function disconnect({ req, res, params, engine }: RouteContext): Promise<void> {
  const b = await readJsonBody<{ Container?: string; Force?: boolean }>(req);
  await engine.containers.disconnect(b.Container ?? '', params.id!);
  sendNoContent(res, 200);
}
