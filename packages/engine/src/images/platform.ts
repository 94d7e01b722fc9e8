/** This host's platform in OCI words (Node says x64, OCI amd64). */
const ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };

export function hostArchitecture(): string {
  return ARCH[process.arch] ?? process.arch;
}
