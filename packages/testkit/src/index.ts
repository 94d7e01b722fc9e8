export { startDaemon, TestDaemon, type DaemonOptions } from './daemon.js';
export { docker, spawnDocker, dockerCliPath, type DockerOptions, type DockerResult } from './docker-cli.js';
export { loadBusybox, loadImage, busyboxArchive, libraryArchive, socketOf } from './images.js';
export { apiRequest, ping, type ApiRequest, type ApiResponse } from './api-request.js';
export { requireRoot, requireBinary, findBinary } from './require.js';
export { mountsUnder, unmountUnder } from './mounts.js';
export { pidsMentioning, isAlive, sleep, waitFor } from './processes.js';
export { target, isDocker, targetFromEnv, type Target } from './target.js';
export { repoRoot } from './repo.js';
