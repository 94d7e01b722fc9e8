/**
 * The JSON API of packages/playground/README.md: sessions and instances.
 * Each handler validates what it reads (schemas.ts), checks the token
 * (read-write for anything but GET), then acts.
 */
import type { InstanceJson, SessionJson } from '../shared/api.js';
import { sendJson, readJson, tokenOf, type Request } from './http.js';
import type { Instance } from './instance.js';
import { PlayError } from './messages.js';
import { checkStep } from './labs/index.js';
import { createSessionBody, queryCheck, saveBody, validated, type CreateSessionBody } from './schemas.js';
import type { Access, Session, SessionStore } from './sessions.js';
import type { UsageMeter } from './usage.js';

export interface ApiDeps {
  sessions: SessionStore;
  usage: UsageMeter;
  /** The origin share links and port links start with, for this request. */
  origin: (r: Request) => string;
  /** The hub lab checks may look at ('' = none). */
  hubUrl: string;
  /** Starts a template (`?stack=` / restore) in a new session's first instance. */
  startTemplate: (session: Session, body: CreateSessionBody, r: Request) => Promise<void>;
}

const plainQuery = queryCheck(['t', 'lang']);

export function portUrl(instance: Instance, port: number): string {
  return `/p/${instance.id}/${port}/`;
}

export async function instanceJson(deps: ApiDeps, instance: Instance): Promise<InstanceJson> {
  const u = await deps.usage.usage(instance);
  return {
    id: instance.id, name: instance.name, ip: instance.ip, memoryBytes: u.memoryBytes, cpuPercent: u.cpuPercent,
    ports: u.ports.map((port) => ({ port, url: portUrl(instance, port) })),
  };
}

export async function sessionJson(deps: ApiDeps, r: Request, session: Session, access: Access): Promise<SessionJson> {
  const origin = deps.origin(r);
  return {
    id: session.id,
    expiresAt: new Date(session.expiresAt).toISOString(),
    access,
    token: access === 'rw' ? session.rwToken : session.roToken,
    instances: await Promise.all(session.instances.map((i) => instanceJson(deps, i))),
    ...(access === 'rw' ? {
      shareLinks: { rw: `${origin}/s/${session.id}?t=${session.rwToken}`, ro: `${origin}/s/${session.id}?t=${session.roToken}` },
    } : {}),
  };
}

function authorized(deps: ApiDeps, r: Request, id: string, write: boolean) {
  return deps.sessions.authorize(id, tokenOf(r.req, r.url), write);
}

export async function createSession(deps: ApiDeps, r: Request): Promise<void> {
  validated(plainQuery, Object.fromEntries(r.url.searchParams));
  const body = validated(createSessionBody, await readJson(r.req));
  const session = await deps.sessions.create();
  try {
    const count = body.template === 'one' ? 1 : body.template === 'three' ? 3 : 0;
    for (let i = 0; i < count; i++) await deps.sessions.addInstance(session);
    if (body.stack || body.restore) await deps.startTemplate(session, body, r);
  } catch (err) {
    await deps.sessions.close(session);
    throw err;
  }
  sendJson(r.res, 201, await sessionJson(deps, r, session, 'rw'));
}

export async function getSession(deps: ApiDeps, r: Request, id: string): Promise<void> {
  validated(plainQuery, Object.fromEntries(r.url.searchParams));
  const { session, access } = authorized(deps, r, id, false);
  sendJson(r.res, 200, await sessionJson(deps, r, session, access));
}

export async function closeSession(deps: ApiDeps, r: Request, id: string): Promise<void> {
  validated(plainQuery, Object.fromEntries(r.url.searchParams));
  const { session } = authorized(deps, r, id, true);
  await deps.sessions.close(session);
  r.res.writeHead(204).end();
}

export async function addInstance(deps: ApiDeps, r: Request, id: string): Promise<void> {
  validated(plainQuery, Object.fromEntries(r.url.searchParams));
  const { session } = authorized(deps, r, id, true);
  const instance = await deps.sessions.addInstance(session);
  sendJson(r.res, 201, await instanceJson(deps, instance));
}

export async function removeInstance(deps: ApiDeps, r: Request, id: string, name: string): Promise<void> {
  validated(plainQuery, Object.fromEntries(r.url.searchParams));
  const { session } = authorized(deps, r, id, true);
  const instance = deps.sessions.instance(session, name);
  deps.usage.forget(instance.id);
  await deps.sessions.removeInstance(session, name);
  r.res.writeHead(204).end();
}

/** `POST /api/sessions/ID/save {"name"?}` → 201 `{"ref"}`, with no instance added or removed meanwhile. */
export async function save(deps: ApiDeps, r: Request, id: string, saveSession: (instances: Instance[], name?: string) => Promise<string>): Promise<void> {
  validated(plainQuery, Object.fromEntries(r.url.searchParams));
  const { session } = authorized(deps, r, id, true);
  const body = validated(saveBody, await readJson(r.req));
  const ref = await deps.sessions.withInstances(session, (instances) => saveSession(instances, body.name));
  sendJson(r.res, 201, { ref });
}

/** `POST .../instances/NAME/labs/LAB/steps/N/check` → CheckResultJson, checked through the instance's own engine. */
export async function checkLabStep(deps: ApiDeps, r: Request, id: string, name: string, labId: string, step: number): Promise<void> {
  validated(plainQuery, Object.fromEntries(r.url.searchParams));
  const { session } = authorized(deps, r, id, true);
  const instance = deps.sessions.instance(session, name);
  sendJson(r.res, 200, await checkStep({ engine: instance.engine, instance: instance.name, hubUrl: deps.hubUrl }, r.lang, labId, step));
}

/** `/api/sessions/ID/instances/NAME...` as [ID, NAME, rest], or undefined. */
export function matchInstancePath(pathname: string): [string, string, string] | undefined {
  const m = /^\/api\/sessions\/([A-Za-z0-9_-]{1,64})\/instances\/(node[0-9]{1,3})(\/[a-z/]*)?$/.exec(pathname);
  return m ? [m[1]!, m[2]!, m[3] ?? ''] : undefined;
}

export function notFound(): never {
  throw new PlayError(404, 'notFound');
}
