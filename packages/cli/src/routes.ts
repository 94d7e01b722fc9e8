/**
 * Command words → module under commands/ (imported only when chosen).
 * Top-level shortcuts (`ps`, `rmi`) and grouped forms (`container ls`) share modules.
 */
export const ROUTES: Record<string, string> = {
  run: 'container/run', create: 'container/create', start: 'container/start', stop: 'container/stop',
  restart: 'container/restart', kill: 'container/kill', rm: 'container/rm', ps: 'container/ls',
  logs: 'container/logs', wait: 'container/wait', rename: 'container/rename', inspect: 'system/inspect',
  images: 'image/ls', rmi: 'image/rm', tag: 'image/tag', save: 'image/save', load: 'image/load',
  import: 'image/import', commit: 'container/commit', build: 'image/build', pull: 'image/pull', push: 'image/push', history: 'image/history',
  login: 'registry/login', logout: 'registry/logout', search: 'registry/search',
  port: 'container/port', attach: 'container/attach', exec: 'container/exec', pause: 'container/pause', unpause: 'container/unpause', top: 'container/top', stats: 'container/stats', update: 'container/update', cp: 'container/cp', export: 'container/export', diff: 'container/diff', info: 'system/info', version: 'system/version', events: 'system/events',
  compose: 'compose/index',
};

const GROUPED: Record<string, Record<string, string>> = {
  container: {
    run: 'container/run', create: 'container/create', start: 'container/start', stop: 'container/stop',
    restart: 'container/restart', kill: 'container/kill', rm: 'container/rm', remove: 'container/rm',
    ls: 'container/ls', list: 'container/ls', ps: 'container/ls', logs: 'container/logs', wait: 'container/wait',
    rename: 'container/rename', commit: 'container/commit', attach: 'container/attach', exec: 'container/exec', pause: 'container/pause', unpause: 'container/unpause', top: 'container/top', stats: 'container/stats', update: 'container/update', cp: 'container/cp', export: 'container/export', diff: 'container/diff', inspect: 'container/inspect', prune: 'container/prune',
  },
  image: {
    ls: 'image/ls', list: 'image/ls', rm: 'image/rm', remove: 'image/rm', tag: 'image/tag', inspect: 'image/inspect',
    history: 'image/history', prune: 'image/prune', import: 'image/import', save: 'image/save', load: 'image/load',
    pull: 'image/pull', push: 'image/push', build: 'image/build',
  },
  volume: {
    create: 'volume/create', ls: 'volume/ls', list: 'volume/ls', inspect: 'volume/inspect', rm: 'volume/rm',
    remove: 'volume/rm', prune: 'volume/prune',
  },
  network: {
    create: 'network/create', ls: 'network/ls', list: 'network/ls', inspect: 'network/inspect', rm: 'network/rm',
    remove: 'network/rm', prune: 'network/prune', connect: 'network/connect', disconnect: 'network/disconnect',
  },
  system: { info: 'system/info', events: 'system/events', prune: 'system/prune', version: 'system/version', df: 'system/df' },
  builder: { prune: 'builder/prune' },
  namespace: {
    create: 'namespace/create', ls: 'namespace/ls', list: 'namespace/ls', inspect: 'namespace/inspect',
    rm: 'namespace/rm', remove: 'namespace/rm',
  },
};
for (const [group, verbs] of Object.entries(GROUPED)) {
  for (const [verb, path] of Object.entries(verbs)) ROUTES[`${group} ${verb}`] = path;
}

const DESCRIPTIONS: Record<string, string> = {
  container: 'Manage containers',
  image: 'Manage images',
  system: 'Manage quai',
  builder: 'Manage builds',
  volume: 'Manage volumes',
  network: 'Manage networks',
  namespace: 'Manage engine namespaces (isolated Docker hosts, each on its own socket)',
};

const VERB_HELP: Record<string, string> = {
  run: 'Create and run a new container from an image', create: 'Create a new container',
  start: 'Start one or more stopped containers', stop: 'Stop one or more running containers',
  restart: 'Restart one or more containers', kill: 'Kill one or more running containers',
  rm: 'Remove one or more containers', ls: 'List containers', logs: 'Fetch the logs of a container',
  wait: 'Block until one or more containers stop, then print their exit codes', rename: 'Rename a container',
  inspect: 'Display detailed information on one or more objects', prune: 'Remove unused data',
  tag: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE', history: 'Show the history of an image',
  import: 'Import the contents from a tarball to create a filesystem image',
  save: 'Save one or more images to a tar archive (streamed to STDOUT by default)',
  load: 'Load an image from a tar archive or STDIN', pull: 'Download an image from a registry',
  push: 'Upload an image to a registry', login: 'Authenticate to a registry', logout: 'Log out from a registry',
  search: 'Search Docker Hub for images',
  info: 'Display system-wide information', events: 'Get real time events from the server',
  version: 'Show the quai version information',
  commit: "Create a new image from a container's changes", attach: "Attach local standard input, output, and error streams to a running container", exec: 'Execute a command in a running container', pause: 'Pause all processes within one or more containers', unpause: 'Unpause all processes within one or more containers', top: 'Display the running processes of a container', stats: 'Display a live stream of container(s) resource usage statistics', update: 'Update configuration of one or more containers', cp: 'Copy files/folders between a container and the local filesystem', export: "Export a container's filesystem as a tar archive", port: 'List port mappings or a specific mapping for the container', diff: "Inspect changes to files or directories on a container's filesystem", build: 'Build an image from a Dockerfile',
};

/** Verbs whose help differs by group (`volume ls` lists volumes). */
const GROUP_VERB_HELP: Record<string, Record<string, string>> = {
  volume: {
    create: 'Create a volume', inspect: 'Display detailed information on one or more volumes', ls: 'List volumes',
    prune: 'Remove unused local volumes', rm: 'Remove one or more volumes',
  },
  network: {
    connect: 'Connect a container to a network', create: 'Create a network', disconnect: 'Disconnect a container from a network',
    inspect: 'Display detailed information on one or more networks', ls: 'List networks', prune: 'Remove all unused networks',
    rm: 'Remove one or more networks',
  },
  namespace: {
    create: 'Create a namespace and print its socket', inspect: 'Display detailed information on one or more namespaces',
    ls: 'List namespaces', rm: 'Remove one or more namespaces and everything in them',
  },
};

function groupHelp(group: string): string {
  const verbs = [...new Set(Object.keys(GROUPED[group]).filter((v) => !['remove', 'list', 'ps'].includes(v)))].sort();
  const w = Math.max(...verbs.map((v) => v.length)) + 3;
  return [
    '',
    `Usage:  quai ${group} COMMAND`,
    '',
    DESCRIPTIONS[group],
    '',
    'Commands:',
    ...verbs.map((v) => `  ${v.padEnd(w)}${GROUP_VERB_HELP[group]?.[v] ?? (group === 'image' && v === 'ls' ? 'List images' : group === 'image' && v === 'rm' ? 'Remove one or more images' : VERB_HELP[v] ?? '')}`),
    '',
    `Run 'quai ${group} COMMAND --help' for more information on a command.`,
    '',
  ].join('\n');
}

export const GROUPS: Record<string, () => string> = Object.fromEntries(Object.keys(GROUPED).map((g) => [g, () => groupHelp(g)]));

/** Docker's "Common Commands", in its order; every other top-level command follows under "Commands". */
const COMMON = ['run', 'exec', 'ps', 'build', 'pull', 'push', 'images', 'login', 'logout', 'search', 'version', 'info'];

/** The one-line help of a top-level command. */
function commandHelp(c: string): string {
  if (c === 'ps') return 'List containers';
  if (c === 'images') return 'List images';
  if (c === 'rmi') return 'Remove one or more images';
  return VERB_HELP[c] ?? '';
}

export function usageText(): string {
  const others = Object.keys(ROUTES).filter((c) => !c.includes(' ') && !COMMON.includes(c) && c !== 'compose').sort();
  const row = (c: string) => `  ${c.padEnd(11)}${commandHelp(c)}`;
  return [
    '',
    'Usage:  quai [OPTIONS] COMMAND',
    '',
    'A container platform that speaks Docker\'s protocols',
    '',
    'Common Commands:',
    ...COMMON.map(row),
    '',
    'Management Commands:',
    ...Object.keys(GROUPED).map((g) => `  ${g.padEnd(11)}${DESCRIPTIONS[g]}`),
    `  ${'compose'.padEnd(11)}Define and run multi-container applications`,
    '',
    'Commands:',
    ...others.map(row),
    '',
    'Global Options:',
    '  -H, --host string   Daemon socket to connect to (default: $DOCKER_HOST or unix:///run/quai/quai.sock)',
    '  -v, --version       Print version information and quit',
    '',
    "Run 'quai COMMAND --help' for more information on a command.",
    '',
  ].join('\n');
}
