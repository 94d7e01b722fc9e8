/**
 * `POST /auth` (`docker login`): {username, password, serveraddress} →
 * {"Status":"Login Succeeded","IdentityToken":"…"}. The CLI stores the
 * identity token (a refresh token) instead of the password when given one.
 */
import { login, type LoginRequest } from '@quai/engine';
import type { RouteContext } from '../../router.js';
import { sendJson } from '../../http-util.js';

export async function auth({ res, engine, body }: RouteContext<LoginRequest>): Promise<void> {
  const { identityToken } = await login(engine.images.registryOptions, body);
  sendJson(res, 200, { Status: 'Login Succeeded', IdentityToken: identityToken ?? '' });
}
