/**
 * `POST /auth` (`docker login`): {username, password, serveraddress} →
 * {"Status":"Login Succeeded","IdentityToken":"…"}. The CLI stores the
 * identity token (a refresh token) instead of the password when given one.
 */
import { login, type LoginRequest } from '@quai/engine/registry/login';
import type { RouteContext } from '../../router.js';
import { readJsonBody, sendJson } from '../../http-util.js';

export async function auth({ req, res, engine }: RouteContext): Promise<void> {
  const body = await readJsonBody<LoginRequest>(req);
  const { identityToken } = await login(engine.images.registryOptions, body);
  sendJson(res, 200, { Status: 'Login Succeeded', IdentityToken: identityToken ?? '' });
}
