/** `GET /version`: our name and version in Docker's shape. */
import { release, arch } from 'node:os';
import type { VersionResponse } from '@quai/common';
import type { RouteContext } from '../../router.js';
import { sendJson } from '../../http-util.js';
import { API_VERSION, MIN_API_VERSION, QUAI_VERSION } from '../../version.js';

const GO_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386' };

export function version({ res, engine }: RouteContext): void {
  const { runtime, conmon, init } = engine.host.components;
  const details = { ApiVersion: API_VERSION, MinAPIVersion: MIN_API_VERSION, Os: 'linux', Arch: GO_ARCH[arch()] ?? arch(), KernelVersion: release() };
  const answer: VersionResponse = {
    Platform: { Name: `quai ${QUAI_VERSION}` },
    Components: [
      { Name: 'Engine', Version: QUAI_VERSION, Details: { ...details, GitCommit: '', GoVersion: `node ${process.version}`, BuildTime: '', Experimental: 'false' } },
      { Name: 'quai', Version: QUAI_VERSION, Details: { Node: process.version } },
      ...[runtime, conmon, init].map((c) => ({ Name: c.name, Version: c.version, Details: { GitCommit: c.commit } })),
    ],
    Version: QUAI_VERSION,
    ApiVersion: API_VERSION,
    MinAPIVersion: MIN_API_VERSION,
    GitCommit: '',
    GoVersion: `node ${process.version}`,
    Os: 'linux',
    Arch: details.Arch,
    KernelVersion: release(),
    BuildTime: '',
  };
  sendJson(res, 200, answer);
}
