// Which engine the end-to-end cases run against. `E2E_TARGET=docker` points
// the same cases at a private real dockerd, to check the cases themselves.
export type Target = 'quai' | 'docker';

export function targetFromEnv(env: NodeJS.ProcessEnv = process.env): Target {
  const value = (env.E2E_TARGET ?? 'quai').toLowerCase();
  if (value !== 'quai' && value !== 'docker') {
    throw new Error(`E2E_TARGET must be "quai" or "docker", got "${env.E2E_TARGET}"`);
  }
  return value;
}

export const target: Target = targetFromEnv();
export const isDocker = target === 'docker';
