/** `docker login` through the engine: check credentials against the registry, return its identity token. */
import { decodeRegistryAuth, type RegistryAuth } from './auth.js';
import { domainOfServerAddress, endpointFor, type RegistryOptions } from './endpoint.js';
import { RegistryClient } from './registry-client.js';

export interface LoginRequest {
  username?: string;
  password?: string;
  identitytoken?: string;
  serveraddress?: string;
}

export async function login(opts: RegistryOptions, req: LoginRequest): Promise<{ identityToken?: string }> {
  const domain = domainOfServerAddress(req.serveraddress ?? '');
  const auth: RegistryAuth = { username: req.username || undefined, password: req.password || undefined, identityToken: req.identitytoken || undefined };
  return RegistryClient.login(endpointFor(domain, opts), auth);
}

export { decodeRegistryAuth };
export { searchRegistry } from './search.js';
