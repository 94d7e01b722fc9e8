/**
 * The /v2 URL space. Repository names are matched with the spec's grammar
 * (so `..`, `%2e` and upper case never reach storage), then the trailing
 * part picks the handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRepositoryPath } from '@quai/common';
import { caller, challenge, ChallengeError } from '../auth/authorize.js';
import type { Hub } from '../hub.js';
import { sendJson } from '../http/respond.js';
import { deleteBlob, getBlob } from './blobs.js';
import { catalog, listTags, referrers } from './listings.js';
import { deleteManifest, getManifest, putManifest } from './manifests.js';
import { cancelUpload, patchUpload, putUpload, startUpload, uploadStatus } from './uploads.js';
import { RegistryError } from './errcode.js';
import type { RegistryContext } from './context.js';


type Handler = (ctx: RegistryContext) => Promise<void> | void;

const ROUTES: Array<{ re: RegExp; methods: Record<string, Handler> }> = [
  { re: /^(.+)\/manifests\/([^/]+)$/, methods: { GET: getManifest, HEAD: getManifest, PUT: putManifest, DELETE: deleteManifest } },
  { re: /^(.+)\/blobs\/uploads\/?()$/, methods: { POST: startUpload } },
  { re: /^(.+)\/blobs\/uploads\/([^/]+)$/, methods: { GET: uploadStatus, PATCH: patchUpload, PUT: putUpload, DELETE: cancelUpload } },
  { re: /^(.+)\/blobs\/([^/]+)$/, methods: { GET: getBlob, HEAD: getBlob, DELETE: deleteBlob } },
  { re: /^(.+)\/tags\/list()$/, methods: { GET: listTags } },
  { re: /^(.+)\/referrers\/([^/]+)$/, methods: { GET: referrers } },
];

export async function handleRegistry(hub: Hub, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
  try {
    const who = await caller(hub, req);
    // The raw path: URL parsing would quietly resolve `..` segments.
    const rest = (req.url ?? '/').split('?')[0]!.replace(/^\/v2\/?/, '');
    if (rest === '') {
      // The ping: clients learn the challenge here, so anonymous callers must see it.
      if (!who.name) throw new ChallengeError(challenge(hub));
      return sendJson(res, 200, {});
    }
    if (rest === '_catalog') return await catalog({ hub, req, res, url, who, name: '', ref: '' });
    for (const route of ROUTES) {
      const m = route.re.exec(rest);
      if (!m) continue;
      const name = m[1]!;
      if (!isRepositoryPath(name) || name.length > 255) throw new RegistryError('NAME_INVALID', `invalid repository name: ${name}`);
      const handler = route.methods[req.method ?? ''];
      if (!handler) throw new RegistryError('UNSUPPORTED', `${req.method} not supported here`);
      return await handler({ hub, req, res, url, who, name, ref: decodeURIComponent(m[2]!) });
    }
    throw new RegistryError('NAME_UNKNOWN', 'not found');
  } catch (err) {
    if (err instanceof ChallengeError) res.setHeader('WWW-Authenticate', err.challenge);
    // Unread request bodies would otherwise be parsed as the next request.
    if (!req.readableEnded) res.setHeader('Connection', 'close');
    throw err;
  }
}
