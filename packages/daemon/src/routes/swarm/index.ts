/**
 * Swarm mode is not part of quai. Every swarm route answers as a Docker node
 * outside a swarm does (moby daemon/cluster: errNoManager, errNoSwarm), 503
 * with Docker's words, so clients see "not in a swarm" instead of a daemon
 * that lacks the API (404).
 */
import { QuaiError } from '@quai/common';
import type { Handler, Router } from '../../router.js';
import { refusedRoute } from '../../schemas/unsupported.js';

const NOT_A_MANAGER = 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.';
const NOT_IN_SWARM = 'This node is not part of a swarm';
const NO_SWARM_MODE = 'This node is not a swarm manager and cannot become one: quai does not support swarm mode, so it cannot init or join a swarm.';

const refuse = (message: string): Handler => () => { throw new QuaiError('unavailable', message); };

/** Routes of the cluster API that a manager would serve: [method, path]. */
const MANAGER_ROUTES: Array<['get' | 'post' | 'delete', string]> = [
  ['get', '/swarm'], ['get', '/swarm/unlockkey'], ['post', '/swarm/update'], ['post', '/swarm/unlock'],
  ...(['services', 'nodes', 'tasks', 'secrets', 'configs'] as const).flatMap((kind) => [
    ['get', `/${kind}`] as ['get', string], ['get', `/${kind}/{id}`] as ['get', string],
  ]),
  ['post', '/services/create'], ['post', '/services/{id}/update'], ['delete', '/services/{id}'], ['get', '/services/{id}/logs'],
  ['delete', '/nodes/{id}'], ['post', '/nodes/{id}/update'],
  ['get', '/tasks/{id}/logs'],
  ['post', '/secrets/create'], ['delete', '/secrets/{id}'], ['post', '/secrets/{id}/update'],
  ['post', '/configs/create'], ['delete', '/configs/{id}'], ['post', '/configs/{id}/update'],
];

export function registerSwarmRoutes(router: Router): void {
  router.post('/swarm/init', refuse(NO_SWARM_MODE), refusedRoute).post('/swarm/join', refuse(NO_SWARM_MODE), refusedRoute);
  router.post('/swarm/leave', refuse(NOT_IN_SWARM), refusedRoute);
  for (const [method, path] of MANAGER_ROUTES) router[method](path, refuse(NOT_A_MANAGER), refusedRoute);
}
