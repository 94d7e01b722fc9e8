/** `POST /networks/{id}/connect` {Container, EndpointConfig} and `/disconnect` {Container, Force}. */
import type { RouteContext } from '../../router.js';
import { sendNoContent } from '../../http-util.js';
import type { NetworkConnectBody } from '../../schemas/networking.js';
import { endpointRequest } from '../../translate/endpoint-settings.js';

export async function connect({ res, params, engine, body: b }: RouteContext<NetworkConnectBody>): Promise<void> {
  await engine.containers.connect(b.Container ?? '', params.id!, endpointRequest(b.EndpointConfig));
  sendNoContent(res, 200);
}

export async function disconnect({ res, params, engine, body: b }: RouteContext<{ Container?: string; Force?: boolean }>): Promise<void> {
  await engine.containers.disconnect(b.Container ?? '', params.id!);
  sendNoContent(res, 200);
}
